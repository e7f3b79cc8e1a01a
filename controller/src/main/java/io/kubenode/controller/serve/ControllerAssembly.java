package io.kubenode.controller.serve;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.controller.api.ControllerServices;
import io.kubenode.controller.catalog.CatalogWatches;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.compiler.CatalogCompiler;
import io.kubenode.controller.clusterpki.ClusterPkiCustody;
import io.kubenode.controller.clusterpki.KeyEncryptionKey;
import io.kubenode.controller.clusterpki.SecretSealer;
import io.kubenode.controller.init.AdminCertificates;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeCertificateIssuer;
import io.kubenode.controller.node.NodeCertificateLifetime;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.node.NodeSummaries;
import io.kubenode.controller.node.Revocations;
import io.kubenode.controller.orchestration.OrchestrationView;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.token.BootstrapTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Explicit wiring of the controller's services over an open store: records pki/admin.crt if the store does not know
 * it yet and makes pki/kek.key if missing (data dirs of earlier versions), loads the CA, the revocations, the last node
 * status snapshot, and compiles and publishes the stored cluster document. Blocking; used by serve and by tests.
 */
public final class ControllerAssembly {
    /** Node status snapshot, next to the store in the data dir. */
    public static final String STATUS_SNAPSHOT = "node-status.json";

    private ControllerAssembly() {
    }

    public static ControllerServices assemble(InitLayout layout, Store store, Clock clock) {
        return assemble(layout, store, clock, NodeCertificateLifetime.DEFAULT);
    }

    /** {@code nodeCertificateLifetime}: checked by the caller ({@link NodeCertificateLifetime#refusal}). */
    public static ControllerServices assemble(InitLayout layout, Store store, Clock clock,
                                              Duration nodeCertificateLifetime) {
        CertificateAuthority ca;
        try {
            ca = CertificateAuthority.load(Files.readString(layout.caCertificate()), Files.readString(layout.caKey()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA in " + layout.dataDir(), e);
        }
        AdminCertificates.adopt(layout, store);
        KeyEncryptionKey.adopt(layout, store);
        CatalogWatches watches = new CatalogWatches();
        ClusterCatalogs catalogs = new ClusterCatalogs(new CatalogCompiler(), watches);
        catalogs.load(store);
        Revocations revocations = new Revocations();
        revocations.load(store);
        NodeStatuses statuses = new NodeStatuses(layout.dataDir().resolve(STATUS_SNAPSHOT), clock);
        statuses.load();
        ControllerMetrics metrics = new ControllerMetrics(ca.certificate().getNotAfter().toInstant(),
                watches::waiting);
        // OrchestrationView.NONE until the orchestration record's store table is wired in (its view replaces it).
        return new ControllerServices(store, new BootstrapTokens(store, new SecureRandom(), clock),
                new NodeCertificateIssuer(ca, store, nodeCertificateLifetime), catalogs,
                statuses, revocations, metrics, OrchestrationView.NONE,
                new ClusterPkiCustody(store, new SecretSealer(KeyEncryptionKey.load(layout))));
    }

    /** Refreshes the per-node gauges from memory (no store access: certificates do not feed any gauge). */
    public static void refreshNodeMetrics(ControllerServices services) {
        ClusterCatalogs catalogs = services.catalogs();
        services.metrics().nodes(NodeSummaries.of(catalogs.current(), catalogs.watches()::generation,
                services.statuses().all(), List.of()), catalogs.current().isPresent());
    }
}
