package io.kubenode.controller.node;

import io.kubenode.controller.store.CertificateRevocation;
import io.kubenode.controller.store.Store;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The revoked certificate serials, in memory so that every request can be checked without touching the store.
 * Loaded from the store at start; a revocation is added here only after the store made it durable.
 */
public final class Revocations {
    private final Set<BigInteger> serials = ConcurrentHashMap.newKeySet();

    public void load(Store store) {
        store.revocations().stream().map(CertificateRevocation::serial).forEach(serials::add);
    }

    public void add(Collection<BigInteger> revoked) {
        serials.addAll(revoked);
    }

    public boolean isRevoked(BigInteger serial) {
        return serials.contains(serial);
    }
}
