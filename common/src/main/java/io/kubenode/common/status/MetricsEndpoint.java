package io.kubenode.common.status;

import java.util.Set;

/**
 * Where an agent serves its metrics, as it bound them, so that the controller can tell Prometheus (service discovery)
 * without anyone listing nodes by hand: {@code scheme} {@code http}, {@code host} the address it listens on (a
 * wildcard, {@code 0.0.0.0} or {@code ::}, means every address of the node), {@code port} the port it got.
 */
public record MetricsEndpoint(String scheme, String host, int port) {
    private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "[::]", "0:0:0:0:0:0:0:0");

    /** True when the agent listens on every address: the node's own address reaches it. */
    public boolean everyAddress() {
        return host == null || WILDCARDS.contains(host);
    }
}
