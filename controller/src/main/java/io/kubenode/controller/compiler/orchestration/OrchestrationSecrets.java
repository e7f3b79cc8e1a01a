package io.kubenode.controller.compiler.orchestration;

import io.kubenode.controller.clusterpki.ClusterPki;

import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The secrets the released steps of a record need, unsealed by the caller so that compiling stays a pure function:
 * the cluster PKI (absent until a step needs it) and bootstrap token values ({@code ID.SECRET}) by token id.
 * {@link #toString()} never shows them.
 */
public record OrchestrationSecrets(Optional<ClusterPki> pki, Map<String, String> tokens) {
    public static final OrchestrationSecrets NONE = new OrchestrationSecrets(Optional.empty(), Map.of());

    public OrchestrationSecrets {
        tokens = Map.copyOf(tokens);
    }

    public ClusterPki requirePki(String why) {
        return pki.orElseThrow(() -> new IllegalStateException("the cluster PKI is needed for " + why
                + " but was not provided"));
    }

    /** The token {@code ID.SECRET} of {@code id}; the message names the id only. */
    public String requireToken(String id, String why) {
        String value = tokens.get(id);
        if (value == null) {
            throw new NoSuchElementException("bootstrap token " + id + " is needed for " + why
                    + " but its secret was not provided");
        }
        return value;
    }

    @Override
    public String toString() {
        return "OrchestrationSecrets[pki=" + (pki.isPresent() ? "<redacted>" : "none") + ", tokens="
                + tokens.keySet() + "]";
    }
}
