package io.kubenode.common.catalog;

/** Placeholder until the agent side lands (same contract). */
public record ClusterNodeSpec(String node, String kubeconfig, String ensure) implements ResourceSpec {
    public static final String TYPE = "clusterNode";
    public static final String ABSENT = "absent";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return node;
    }
}
