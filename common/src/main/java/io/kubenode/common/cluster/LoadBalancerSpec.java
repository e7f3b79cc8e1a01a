package io.kubenode.common.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/** keepalived (virtual IP) + haproxy (TCP balancing to the apiservers), run on every control-plane node. */
public record LoadBalancerSpec(Keepalived keepalived, Haproxy haproxy) {

    public static final int DEFAULT_API_SERVER_PORT = 6443;
    /** haproxy's global maxconn when the document does not set one. */
    public static final int DEFAULT_MAX_CONNECTIONS = 4000;
    public static final int MAX_MAX_CONNECTIONS = 1_000_000;

    /** Port the local kube-apiservers listen on; haproxy's backend port. */
    public int apiServerPort() {
        return haproxy == null || haproxy.apiServerPort() == null ? DEFAULT_API_SERVER_PORT : haproxy.apiServerPort();
    }

    public record Keepalived(
            @JsonProperty("interface") String networkInterface,
            Integer virtualRouterId,
            String authPass) {
    }

    /** haproxy's global connection limit (maxconn) on every control plane. */
    public int maxConnections() {
        return haproxy == null || haproxy.maxConnections() == null ? DEFAULT_MAX_CONNECTIONS
                : haproxy.maxConnections();
    }

    /**
     * @param apiServerPort  the apiservers' port (haproxy's backend port); default {@value #DEFAULT_API_SERVER_PORT}
     * @param maxConnections haproxy's global maxconn; default {@value #DEFAULT_MAX_CONNECTIONS}
     */
    public record Haproxy(Integer apiServerPort, Integer maxConnections) {
    }
}
