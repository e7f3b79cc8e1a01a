package io.kubenode.controller.compiler.loadbalancer;

import io.kubenode.common.cluster.LoadBalancerSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.net.IpAddress;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;

import java.util.List;

/**
 * keepalived.conf for one control-plane node. Every node starts BACKUP; priorities follow the node order so the
 * VIP has one preferred home, and a failing health check (weight -20) moves it to a healthy node. Peers are
 * listed for unicast VRRP, which works on networks that drop multicast.
 */
final class KeepalivedConf {
    static final int BASE_PRIORITY = 100;
    static final int CHECK_WEIGHT = -20;

    private KeepalivedConf() {
    }

    static String render(NodeContext node) {
        LoadBalancerSpec.Keepalived keepalived = node.spec().loadBalancer().keepalived();
        List<NodeSpec> controlPlanes = node.controlPlanes();
        int index = controlPlanes.indexOf(node.node());
        String vip = node.spec().controlPlaneEndpoint().address();
        boolean ipv4 = IpAddress.parse(vip).orElseThrow().isIpv4();
        String vipPrefix = ipv4 ? "/32" : "/128";
        StringBuilder conf = new StringBuilder(ManagedHeader.line("#", "spec.loadBalancer.keepalived"));
        conf.append("""
                global_defs {
                    enable_script_security
                    script_user nobody
                }

                vrrp_script check_apiserver {
                    script "%s"
                    interval %d
                    timeout 2
                    fall 3
                    rise 2
                    weight %d
                }

                vrrp_instance VI_%d {
                    state BACKUP
                    interface %s
                    virtual_router_id %d
                    priority %d
                    advert_int 1
                """.formatted(LoadBalancerBuilder.CHECK_SCRIPT, keepalived.checkIntervalOrDefault(), CHECK_WEIGHT,
                keepalived.virtualRouterId(), keepalived.networkInterface(), keepalived.virtualRouterId(),
                BASE_PRIORITY + controlPlanes.size() - index));
        List<NodeSpec> peers = controlPlanes.stream().filter(peer -> !peer.equals(node.node())).toList();
        if (!peers.isEmpty()) {
            conf.append("    unicast_src_ip ").append(node.node().address()).append('\n');
            conf.append("    unicast_peer {\n");
            peers.forEach(peer -> conf.append("        ").append(peer.address()).append('\n'));
            conf.append("    }\n");
        }
        // An IPv6 VIP makes keepalived speak VRRPv3, which has no authentication.
        if (keepalived.authPass() != null && ipv4) {
            // Quoted: keepalived starts a comment at '#' or '!' even inside a word.
            conf.append("""
                        authentication {
                            auth_type PASS
                            auth_pass "%s"
                        }
                    """.formatted(keepalived.authPass()));
        }
        conf.append("""
                    virtual_ipaddress {
                        %s%s dev %s
                    }
                    track_script {
                        check_apiserver
                    }
                }
                """.formatted(vip, vipPrefix, keepalived.networkInterface()));
        return conf.toString();
    }
}
