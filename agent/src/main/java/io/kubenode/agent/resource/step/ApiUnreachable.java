package io.kubenode.agent.resource.step;

import java.util.List;
import java.util.Locale;

/**
 * Whether a kubectl or kubeadm failure says the Kubernetes API did not answer (not up yet, or down): "not ready",
 * which holds back what depends on it, rather than "failed".
 */
public final class ApiUnreachable {
    private static final List<String> SIGNS = List.of("connection refused", "unable to connect to the server",
            "no route to host", "i/o timeout", "tls handshake timeout", "the server is currently unable to handle",
            "serviceunavailable", "context deadline exceeded", "connection reset by peer", "no such host",
            "the connection to the server");

    private ApiUnreachable() {
    }

    public static boolean says(String output) {
        String lower = output.toLowerCase(Locale.ROOT);
        return SIGNS.stream().anyMatch(lower::contains);
    }
}
