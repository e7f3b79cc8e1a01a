package io.kubenode.controller.api;

import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.Store;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The node names an enrollment asks for. A name is protected when it holds a valid (unexpired, unrevoked)
 * certificate or is a control plane in the cluster document in force: a token bound to no node must not take it,
 * or whoever holds such a token could become a live node (and a control plane will soon receive the cluster CA
 * keys). A name is reserved while one enrollment decides and signs for it, so two enrollments of one name cannot
 * both find it unprotected.
 */
final class EnrollmentNames {
    private final Store store;
    private final ClusterCatalogs catalogs;
    private final Clock clock;
    private final Set<String> enrolling = ConcurrentHashMap.newKeySet();

    EnrollmentNames(Store store, ClusterCatalogs catalogs, Clock clock) {
        this.store = store;
        this.catalogs = catalogs;
        this.clock = clock;
    }

    /** False when another enrollment of {@code name} is under way. */
    boolean reserve(String name) {
        return enrolling.add(name);
    }

    void release(String name) {
        enrolling.remove(name);
    }

    /** Why {@code name} is protected ("holds a valid certificate ..."), or empty. Blocking: reads the store. */
    Optional<String> protectedReason(String name) {
        boolean controlPlane = catalogs.current().stream().flatMap(cluster -> cluster.spec().nodesOrEmpty().stream())
                .anyMatch(node -> node.name().equals(name) && node.isControlPlane());
        if (controlPlane) {
            return Optional.of("is a " + NodeSpec.CONTROL_PLANE + " node in the cluster document");
        }
        Instant now = clock.instant();
        return store.issuedCertificates().stream()
                .filter(issued -> issued.nodeName().equals(name) && !issued.revoked() && issued.notAfter().isAfter(now))
                .max(Comparator.comparing(IssuedCertificate::notAfter))
                .map(live -> "holds a valid certificate (serial " + live.serial().toString(16) + ", until "
                        + live.notAfter() + ")");
    }
}
