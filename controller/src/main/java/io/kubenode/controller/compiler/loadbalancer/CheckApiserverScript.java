package io.kubenode.controller.compiler.loadbalancer;

import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;

/**
 * keepalived's health check: the API answers /healthz through this node's haproxy. The certificate is verified
 * against the cluster CA under the endpoint's DNS name (pinned to loopback with --resolve), never skipped.
 */
final class CheckApiserverScript {
    static final String CLUSTER_CA = "/etc/kubernetes/pki/ca.crt";

    private CheckApiserverScript() {
    }

    static String render(NodeContext node) {
        ControlPlaneEndpoint endpoint = node.spec().controlPlaneEndpoint();
        return "#!/bin/sh\n" + ManagedHeader.line("#", "spec.controlPlaneEndpoint") + """
                # Exit 0 when the API answers /healthz through the local haproxy; keepalived lowers this node's
                # VRRP priority while it does not.
                exec curl --silent --fail --max-time 2 --output /dev/null \\
                    --cacert %s \\
                    --resolve %s:%d:127.0.0.1 \\
                    https://%s:%d/healthz
                """.formatted(CLUSTER_CA, endpoint.host(), endpoint.port(), endpoint.host(), endpoint.port());
    }
}
