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
import io.kubenode.controller.orchestration.ClusterApiObserver;
import io.kubenode.controller.orchestration.Decider;
import io.kubenode.controller.orchestration.clusterapi.KubernetesApiObserver;
import io.kubenode.controller.orchestration.Orchestrator;
import io.kubenode.controller.orchestration.loop.BootstrapTokenSecrets;
import io.kubenode.controller.orchestration.loop.OrchestrationLoop;
import io.kubenode.controller.rollout.Rollouts;
import io.kubenode.controller.orchestration.loop.SealedOrchestrationSecrets;
import io.kubenode.controller.store.MeteredStore;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.token.BootstrapTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Explicit wiring of the controller's services over an open store: records pki/admin.crt if the store does not know
 * it yet and makes pki/kek.key if missing (data dirs of earlier versions), loads the CA, the revocations, the last node
 * status snapshot, compiles and publishes the stored cluster document with the stored orchestration record, and
 * starts the orchestration loop when a decider is wired. Blocking; used by serve and by tests.
 */
public final class ControllerAssembly {
    /** Node status snapshot, next to the store in the data dir. */
    public static final String STATUS_SNAPSHOT = "node-status.json";

    private ControllerAssembly() {
    }

    /**
     * The orchestrator's decision: serve runs the loop with it.
     */
    static Optional<Decider> productionDecider() {
        return Optional.of(Orchestrator::decide);
    }

    public static ControllerServices assemble(InitLayout layout, Store store, Clock clock) {
        return assemble(layout, store, clock, NodeCertificateLifetime.DEFAULT);
    }

    /** {@code nodeCertificateLifetime}: checked by the caller ({@link NodeCertificateLifetime#refusal}). */
    public static ControllerServices assemble(InitLayout layout, Store store, Clock clock,
                                              Duration nodeCertificateLifetime) {
        return assemble(layout, store, clock, nodeCertificateLifetime, productionDecider(), Optional.empty());
    }

    /**
     * As above, with the orchestrator: {@code decider} (empty: no orchestration loop, catalogs of host preparation
     * plus whatever the stored record released) and how it asks the cluster API which nodes are Ready (empty: through
     * the control-plane endpoint with a short-lived admin certificate from the cluster CA). The loop is
     * started; {@code services.orchestrationLoop()} must be closed before the store.
     */
    public static ControllerServices assemble(InitLayout layout, Store unmetered, Clock clock,
                                              Duration nodeCertificateLifetime, Optional<Decider> decider,
                                              Optional<ClusterApiObserver> api) {
        CertificateAuthority ca;
        try {
            ca = CertificateAuthority.load(Files.readString(layout.caCertificate()), Files.readString(layout.caKey()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the CA in " + layout.dataDir(), e);
        }
        CatalogWatches watches = new CatalogWatches();
        ControllerMetrics metrics = new ControllerMetrics(ca.certificate().getNotAfter().toInstant(),
                watches::waiting);
        Store store = MeteredStore.wrap(unmetered, metrics);
        AdminCertificates.adopt(layout, store);
        KeyEncryptionKey.adopt(layout, store);
        SecretSealer sealer = new SecretSealer(KeyEncryptionKey.load(layout));
        SecureRandom random = new SecureRandom();
        BootstrapTokenSecrets joinTokens = new BootstrapTokenSecrets(store, sealer, random);
        ClusterPkiCustody custody = new ClusterPkiCustody(store, sealer);
        NodeStatuses statuses = new NodeStatuses(layout.dataDir().resolve(STATUS_SNAPSHOT), clock);
        statuses.load();
        // Only the orchestration loop moves a rollout on: without it no node may be held back.
        Predicate<String> reported = decider.isPresent() ? node -> statuses.of(node).isPresent() : node -> false;
        ClusterCatalogs catalogs = new ClusterCatalogs(new CatalogCompiler(), watches,
                new SealedOrchestrationSecrets(custody, joinTokens), reported, clock);
        catalogs.load(store);
        Revocations revocations = new Revocations();
        revocations.load(store);
        catalogs.orchestration().ifPresent(record -> {
            metrics.clusterPhase(record.phase());
            metrics.rollout(record.rollout());
        });
        Optional<OrchestrationLoop> loop = decider.map(decide -> new OrchestrationLoop(catalogs, statuses, store,
                decide, api.orElseGet(() -> new KubernetesApiObserver(custody::stored, clock)), joinTokens, metrics,
                clock));
        loop.ifPresent(OrchestrationLoop::start);
        return new ControllerServices(store, new BootstrapTokens(store, random, clock),
                new NodeCertificateIssuer(ca, store, nodeCertificateLifetime), catalogs,
                statuses, revocations, metrics, catalogs::orchestration, custody, loop,
                new Rollouts(catalogs, store, clock, () -> loop.ifPresent(OrchestrationLoop::request)));
    }

    /**
     * Refreshes the per-node gauges: from memory, and the certificates from the store (one read per scrape, off the
     * event loop) for each node's certificate expiry.
     */
    public static void refreshNodeMetrics(ControllerServices services) {
        ClusterCatalogs catalogs = services.catalogs();
        services.metrics().nodes(NodeSummaries.of(catalogs.current(), catalogs.watches()::generation,
                services.statuses().all(), services.store().issuedCertificates()));
    }
}
