package io.kubenode.controller.compiler.loadbalancer;

import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.net.IpAddress;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;

/**
 * haproxy.cfg: a TCP frontend on the endpoint port and a round-robin backend of every control plane's apiserver.
 * Unlike the seed's ssl-hello-chk, the check does a TLS GET /healthz and wants 200. The check does not verify
 * the apiserver's certificate ("verify none"): the CA file appears only after kubeadm init and haproxy refuses
 * to start on a missing one; client traffic is passed through untouched, TLS end to end. The stats socket is
 * read-only ({@code level user}, root only): the agent's probe asks it whether haproxy sees its node's apiserver up.
 * Its directory is the one the haproxy package owns for its chroot, which SELinux lets haproxy write to.
 * A connection refused by a dead apiserver is retried on another server ({@code option redispatch 1}, every retry):
 * until three failed checks mark it DOWN (up to 15 s), round robin still hands it new connections, and without the
 * redispatch about one in three of them failed (measured by the five-host test).
 */
final class HaproxyCfg {
    private HaproxyCfg() {
    }

    static String render(NodeContext node) {
        int frontendPort = node.spec().controlPlaneEndpoint().port();
        // "*" binds IPv4 only; an IPv6 VIP needs the dual-stack wildcard.
        boolean ipv4 = IpAddress.parse(node.spec().controlPlaneEndpoint().address()).orElseThrow().isIpv4();
        String bind = ipv4 ? "*:" + frontendPort : ":::" + frontendPort + " v4v6";
        int apiServerPort = node.spec().loadBalancer().apiServerPort();
        StringBuilder cfg = new StringBuilder(ManagedHeader.line("#", "spec.loadBalancer.haproxy"));
        cfg.append("""
                global
                    log /dev/log local0
                    log /dev/log local1 notice
                    maxconn %d
                    stats socket %s mode 600 level user

                defaults
                    mode tcp
                    log global
                    option tcplog
                    option dontlognull
                    retries 2
                    option redispatch 1
                    timeout connect 5s
                    timeout client 300s
                    timeout server 300s
                    timeout check 10s

                frontend apiserver
                    bind %s
                    default_backend %s

                backend %s
                    balance roundrobin
                    option httpchk
                    http-check connect ssl
                    http-check send meth GET uri /healthz
                    http-check expect status 200
                    default-server inter 5s downinter 5s rise 2 fall 3 slowstart 60s
                """.formatted(node.spec().loadBalancer().maxConnections(), LoadBalancerBuilder.HAPROXY_STATS_SOCKET,
                bind, LoadBalancerBuilder.HAPROXY_BACKEND, LoadBalancerBuilder.HAPROXY_BACKEND));
        for (NodeSpec controlPlane : node.controlPlanes()) {
            cfg.append("    server ").append(controlPlane.name()).append(' ')
                    .append(hostPort(controlPlane.address(), apiServerPort)).append(" check verify none\n");
        }
        return cfg.toString();
    }

    static String hostPort(String address, int port) {
        return IpAddress.parse(address).orElseThrow().isIpv4() ? address + ":" + port : "[" + address + "]:" + port;
    }
}
