package io.kubenode.common.catalog;

/** Placeholder until the agent side lands (same contract). */
public record EtcdMemberSpec(String member, String peerUrl, String endpoint, String caFile, String certFile,
                             String keyFile, String ensure) implements ResourceSpec {
    public static final String TYPE = "etcdMember";
    public static final String ABSENT = "absent";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return member;
    }
}
