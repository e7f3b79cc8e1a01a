package io.kubenode.controller.clusterpki;

import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.StoreException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Keeps the cluster's Kubernetes PKI in the store, sealed: made on the first request, the same material on every
 * later one (and after a restart). Creation is generate, seal, then {@link Store#putSecretsIfAbsent} of all files in
 * one transaction, so two first requests (threads or controllers sharing the store) leave one PKI and the loser
 * returns the winner's. Blocking (RSA key generation, store I/O): never call it on an event loop.
 */
public final class ClusterPkiCustody {
    /** The store's secret names are this prefix and the file's path under /etc/kubernetes/pki. */
    public static final String SECRET_PREFIX = "cluster-pki/";
    static final String CREATED_BY = "kubenode-controller";

    private final Store store;
    private final SecretSealer sealer;
    private final Supplier<ClusterPki> generator;

    public ClusterPkiCustody(Store store, SecretSealer sealer) {
        this(store, sealer, ClusterPkiGenerator::generate);
    }

    /** {@code generator}: makes a new PKI; tests pass a slow or counting one. */
    public ClusterPkiCustody(Store store, SecretSealer sealer, Supplier<ClusterPki> generator) {
        this.store = store;
        this.sealer = sealer;
        this.generator = generator;
    }

    public static String secretName(String path) {
        return SECRET_PREFIX + path;
    }

    /** The stored PKI, or a new one stored now. Synchronised so one controller generates at most once at a time. */
    public synchronized ClusterPki getOrCreate() {
        Optional<ClusterPki> stored = stored();
        if (stored.isPresent()) {
            return stored.get();
        }
        ClusterPki generated = generator.get();
        Map<String, byte[]> sealed = new LinkedHashMap<>();
        generated.files().forEach((path, content) -> sealed.put(secretName(path), sealer.seal(secretName(path),
                content)));
        store.putSecretsIfAbsent(sealed, CREATED_BY);
        // Winner or loser of a race, what counts is what the store holds; reading it back also proves it opens.
        return stored().orElseThrow(() -> new StoreException("the cluster PKI was stored but cannot be read back"));
    }

    /**
     * The stored PKI, if one was made. Every file is unsealed; a wrong KEK or altered bytes throw
     * {@link SecretUnsealException} naming the secret, and a partial set (never written by this class) is refused.
     */
    public Optional<ClusterPki> stored() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String path : ClusterPki.PATHS) {
            store.sealedSecret(secretName(path))
                    .ifPresent(sealed -> files.put(path, sealer.unseal(secretName(path), sealed)));
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        if (files.size() != ClusterPki.PATHS.size()) {
            throw new StoreException("the store holds an incomplete cluster PKI (" + files.keySet() + " of "
                    + ClusterPki.PATHS + "); it was altered outside kubenode-controller");
        }
        return Optional.of(new ClusterPki(files));
    }
}
