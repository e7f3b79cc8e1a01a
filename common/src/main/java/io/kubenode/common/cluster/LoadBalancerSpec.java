package io.kubenode.common.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/** keepalived (virtual IP) + haproxy (TCP balancing to the apiservers), run on every control-plane node. */
public record LoadBalancerSpec(Keepalived keepalived, Haproxy haproxy) {

    public static final int DEFAULT_API_SERVER_PORT = 6443;

    /** Port the local kube-apiservers listen on; haproxy's backend port. */
    public int apiServerPort() {
        return haproxy == null || haproxy.apiServerPort() == null ? DEFAULT_API_SERVER_PORT : haproxy.apiServerPort();
    }

    public record Keepalived(
            @JsonProperty("interface") String networkInterface,
            Integer virtualRouterId,
            String authPass) {
    }

    public record Haproxy(Integer apiServerPort) {
    }
}
