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

    /** keepalived's apiserver check interval when the document does not set one. */
    public static final int DEFAULT_CHECK_INTERVAL_SECONDS = 3;
    /** The check script's own timeout (curl --max-time 2): a shorter interval would start runs over each other. */
    public static final int MIN_CHECK_INTERVAL_SECONDS = 2;
    public static final int MAX_CHECK_INTERVAL_SECONDS = 60;

    /**
     * @param checkIntervalSeconds how often keepalived runs the apiserver check; three failures in a row lower the
     *                             node's priority, so it also sets how soon the VIP leaves a node whose API path
     *                             failed. Default {@value #DEFAULT_CHECK_INTERVAL_SECONDS}
     */
    public record Keepalived(
            @JsonProperty("interface") String networkInterface,
            Integer virtualRouterId,
            String authPass,
            Integer checkIntervalSeconds) {

        public int checkIntervalOrDefault() {
            return checkIntervalSeconds == null ? DEFAULT_CHECK_INTERVAL_SECONDS : checkIntervalSeconds;
        }
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
