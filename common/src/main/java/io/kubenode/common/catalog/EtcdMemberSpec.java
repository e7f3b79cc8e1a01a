package io.kubenode.common.catalog;

/**
 * An etcd member that must not be a member of the cluster any more (day-2 removal of a control plane): the member
 * named {@code member} (kubeadm names a stacked member after its node) or with the peer URL {@code peerUrl} (a member
 * added but never started has an empty name) is not a member of the cluster reached at {@code endpoint}, this control
 * plane's own client URL ({@code https://192.0.2.61:2379}). The agent talks to etcd's JSON gateway with the etcd CA
 * {@code caFile} ({@code /etc/kubernetes/pki/etcd/ca.crt}) and a client certificate and key ({@code certFile},
 * {@code keyFile}: kubeadm's {@code /etc/kubernetes/pki/etcd/healthcheck-client.crt|key}); no etcdctl on the host.
 * {@code ensure} is always {@value #ABSENT}: adding members is kubeadm join's job.
 */
public record EtcdMemberSpec(String member, String peerUrl, String endpoint, String caFile, String certFile,
                             String keyFile, String ensure) implements ResourceSpec {

    public static final String TYPE = "etcdMember";
    public static final String ABSENT = "absent";

    @Override
    public String type() {
        return TYPE;
    }

    /** The resource id's name part: the member's (the node's) name. */
    @Override
    public String name() {
        return member;
    }
}
