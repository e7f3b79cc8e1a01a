package io.kubenode.agent.cli;

import io.kubenode.agent.config.ControllerSettings;
import io.kubenode.agent.controller.ControllerCatalogSource;
import io.kubenode.agent.controller.ControllerClient;
import io.kubenode.agent.controller.ControllerHealth;
import io.kubenode.agent.daemon.CatalogSource;
import io.kubenode.agent.daemon.PassListener;
import io.kubenode.agent.facts.FactsCollector;
import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.identity.CertificateRenewer;
import io.kubenode.agent.identity.NodeIdentity;
import io.kubenode.agent.identity.RenewalWindow;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.state.StateDir;
import io.kubenode.agent.status.FactsCache;
import io.kubenode.agent.status.StatusReporter;
import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.PkiException;
import io.kubenode.common.status.MetricsEndpoint;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * run's controller side, wired: the node identity from the state dir (an interrupted certificate swap finished
 * first), one mutual-TLS client, and the three threads that use it: catalog watch, status reporter, renewer.
 */
final class ControllerConnection implements AutoCloseable {
    private final ControllerCatalogSource source;
    private final StatusReporter reporter;
    private final CertificateRenewer renewer;

    private ControllerConnection(ControllerCatalogSource source, StatusReporter reporter, CertificateRenewer renewer) {
        this.source = source;
        this.reporter = reporter;
        this.renewer = renewer;
    }

    /** {@code host}: the managed host (state dir, facts); {@code machine}: where agent.yaml's caFile is. */
    static ControllerConnection open(ControllerSettings settings, StateDir state, Host host, Host machine,
                                     AgentMetrics metrics, MetricsEndpoint metricsEndpoint) throws HostException {
        NodeIdentity identity = state.pki().load().orElseThrow(() -> new HostException("no node key and certificate"
                + " under " + state.pki().dir() + ": enroll first (kubenode-agent enroll --controller "
                + settings.url() + " ...)"));
        Optional<String> certifiedName = identity.nodeName();
        if (certifiedName.isEmpty() || !certifiedName.get().equals(settings.nodeName())) {
            throw new HostException("node name " + settings.nodeName() + " does not match the certificate ("
                    + identity.certificate().getSubjectX500Principal().getName() + "): the controller would refuse "
                    + "every request; fix nodeName in agent.yaml or enroll again");
        }
        List<X509Certificate> trusted = trusted(settings, identity, machine);
        ControllerClient client = new ControllerClient(settings.url(), settings.nodeName(),
                identity.tlsContext(trusted));
        RandomGenerator random = RandomGenerator.getDefault();
        ControllerHealth health = new ControllerHealth(metrics);
        StatusReporter reporter = new StatusReporter(client, host.sandbox(),
                new FactsCache(new FactsCollector(host), FactsCache.DEFAULT_MAX_AGE, Clock.systemUTC()), health,
                Backoff.RECONNECT, Clock.systemUTC(), random);
        reporter.metricsEndpoint(metricsEndpoint);
        ControllerCatalogSource source = new ControllerCatalogSource(client, state, reporter, health, metrics,
                Backoff.RECONNECT, random, ControllerCatalogSource.DEFAULT_WAIT_SECONDS);
        CertificateRenewer renewer = new CertificateRenewer(state.pki(), identity, client, trusted, metrics, health,
                Clock.systemUTC(), random, RenewalWindow.STANDARD, CertificateRenewer.RETRY);
        return new ControllerConnection(source, reporter, renewer);
    }

    private static List<X509Certificate> trusted(ControllerSettings settings, NodeIdentity identity, Host machine)
            throws HostException {
        if (settings.caFile() == null) {
            return List.of(identity.ca());
        }
        byte[] pem = machine.read(settings.caFile())
                .orElseThrow(() -> new HostException("controller.caFile " + settings.caFile() + " does not exist"));
        try {
            return CaTrust.parseBundle(pem, settings.caFile());
        } catch (PkiException e) {
            throw new HostException(e.getMessage(), e);
        }
    }

    CatalogSource source() {
        return source;
    }

    PassListener listener() {
        return reporter;
    }

    void start() {
        reporter.start();
        source.start();
        renewer.start();
    }

    @Override
    public void close() {
        renewer.close();
        source.close();
        reporter.close();
    }
}
