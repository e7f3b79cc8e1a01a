package io.kubenode.controller.orchestration;

/**
 * The cluster's current bootstrap token. {@code id}: its public part (the secret part is a sealed secret named
 * {@code bootstrap-token/<id>}). {@code holder}: the joined control plane whose catalog creates and refreshes it
 * ({@code kubeadmToken} resource); null while it lives only in the init node's InitConfiguration. {@code state}:
 * present or absent (deleted once no node waits). {@code validUntil}: the instant it must not expire before
 * (ISO-8601); moved forward every third of the ttl while a node still joins.
 */
public record BootstrapToken(String id, String holder, String state, String validUntil, String createdAt) {
    public static final String SECRET_PREFIX = "bootstrap-token/";

    public String secretName() {
        return SECRET_PREFIX + id;
    }
}
