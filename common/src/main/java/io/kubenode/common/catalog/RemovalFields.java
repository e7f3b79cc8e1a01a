package io.kubenode.common.catalog;

import io.kubenode.common.validation.Patterns;

import java.net.URI;

/** The field checks of the day-2 removal resources, {@code clusterNode} and {@code etcdMember}. */
final class RemovalFields {
    private RemovalFields() {
    }

    static void checkClusterNode(ClusterNodeSpec node, Fields fields) {
        fields.nodeName("spec.node", node.node());
        fields.path("spec.kubeconfig", node.kubeconfig());
        absent("spec.ensure", node.ensure(), "the kubelet registers a node when it joins", fields);
    }

    static void checkEtcdMember(EtcdMemberSpec member, Fields fields) {
        fields.check("spec.member", member.member(), Patterns.isDns1123Subdomain(member.member()),
                "an etcd member name (kubeadm's: the node name, DNS-1123)");
        fields.check("spec.peerUrl", member.peerUrl(), Patterns.isHttpsUrl(member.peerUrl()),
                "an https URL (the member's peer URL, https://ADDRESS:2380)");
        fields.check("spec.endpoint", member.endpoint(), isBaseUrl(member.endpoint()),
                "an https URL without path or query (this control plane's etcd client URL, https://ADDRESS:2379)");
        fields.path("spec.caFile", member.caFile());
        fields.path("spec.certFile", member.certFile());
        fields.path("spec.keyFile", member.keyFile());
        absent("spec.ensure", member.ensure(), "adding members is kubeadm join's job", fields);
    }

    private static void absent(String path, String ensure, String why, Fields fields) {
        fields.check(path, ensure, EtcdMemberSpec.ABSENT.equals(ensure), "'" + EtcdMemberSpec.ABSENT + "' only ("
                + why + ")");
    }

    /** An https URL the gateway's paths are appended to: nothing after the port. */
    private static boolean isBaseUrl(String value) {
        if (!Patterns.isHttpsUrl(value)) {
            return false;
        }
        URI uri = URI.create(value);
        return (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
                && uri.getRawQuery() == null && uri.getRawFragment() == null;
    }
}
