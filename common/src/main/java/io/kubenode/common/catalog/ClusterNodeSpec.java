package io.kubenode.common.catalog;

/**
 * A Kubernetes Node object that must not exist any more (day-2 removal), deleted through this control plane's admin
 * kubeconfig: in sync when {@code kubectl get node NODE} answers NotFound; otherwise {@code kubectl delete node NODE}
 * runs. {@code node}: the Kubernetes node name. {@code ensure} is always {@value #ABSENT}: a node registers itself
 * (its kubelet) when it joins.
 */
public record ClusterNodeSpec(String node, String kubeconfig, String ensure) implements ResourceSpec {

    public static final String TYPE = "clusterNode";
    public static final String ABSENT = "absent";

    @Override
    public String type() {
        return TYPE;
    }

    /** The resource id's name part: the node's name. */
    @Override
    public String name() {
        return node;
    }
}
