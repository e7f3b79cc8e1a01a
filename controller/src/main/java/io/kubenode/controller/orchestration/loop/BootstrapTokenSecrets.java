package io.kubenode.controller.orchestration.loop;

import io.kubenode.controller.clusterpki.SecretSealer;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.StoreException;
import io.kubenode.controller.token.BootstrapToken;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The orchestrator's kubeadm bootstrap tokens: fresh candidates in kubeadm's format (the enrollment tokens' generator:
 * {@code [a-z0-9]{6}.[a-z0-9]{16}}, SecureRandom), each stored sealed as {@code bootstrap-token/<id>} (value
 * {@code ID.SECRET}) before any record names it, and read back for the catalogs that carry it. Blocking.
 */
public final class BootstrapTokenSecrets {
    static final String CREATED_BY = "orchestrator";

    private final Store store;
    private final SecretSealer sealer;
    private final SecureRandom random;

    public BootstrapTokenSecrets(Store store, SecretSealer sealer, SecureRandom random) {
        this.store = store;
        this.sealer = sealer;
        this.random = random;
    }

    public static String secretName(String id) {
        return io.kubenode.controller.orchestration.BootstrapToken.SECRET_PREFIX + id;
    }

    /** A new token, not stored: the decision may adopt its id. */
    public BootstrapToken candidate() {
        return BootstrapToken.generate(random);
    }

    /** Stores the token sealed; refuses (nothing stored) when its id exists already. */
    public void store(BootstrapToken token) {
        String name = secretName(token.id());
        byte[] sealed = sealer.seal(name, token.value().getBytes(StandardCharsets.US_ASCII));
        if (!store.putSecretsIfAbsent(Map.of(name, sealed), CREATED_BY)) {
            throw new StoreException("bootstrap token " + token.id() + " exists already; a new candidate is drawn"
                    + " at the next decision");
        }
    }

    /** The stored token's {@code ID.SECRET}; a missing one is an error naming its id. */
    public String value(String id) {
        String name = secretName(id);
        byte[] sealed = store.sealedSecret(name).orElseThrow(() -> new StoreException("the orchestration record names"
                + " bootstrap token " + id + " but the store holds no secret " + name));
        return new String(sealer.unseal(name, sealed), StandardCharsets.US_ASCII);
    }
}
