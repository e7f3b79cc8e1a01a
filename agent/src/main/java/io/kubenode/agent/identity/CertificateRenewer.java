package io.kubenode.agent.identity;

import io.kubenode.agent.host.Backoff;
import io.kubenode.agent.controller.ControllerClient;
import io.kubenode.agent.controller.ControllerException;
import io.kubenode.agent.controller.ControllerHealth;
import io.kubenode.agent.controller.IssuedCertificate;
import io.kubenode.agent.daemon.BackgroundLoop;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.NodeCsr;
import io.kubenode.common.pki.Pem;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Renews the node certificate before it expires, on its own thread: at a jittered point of its lifetime
 * ({@link RenewalWindow}) a new key is made and staged, its CSR sent over mutual TLS with the current certificate,
 * the answer checked, the pair swapped crash-safely ({@link NodePki}) and the client switched to it. Failures retry
 * with backoff (slowly while the certificate is revoked); every attempt is counted in the renewals metric.
 */
public final class CertificateRenewer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CertificateRenewer.class.getName());
    /** Renewal retries: 30 s, 1 min, 2 min ... at most 15 min; with 10-30 % of a 90-day lifetime left, ample. */
    public static final Backoff RETRY = new Backoff(Duration.ofSeconds(30), Duration.ofMinutes(15));
    private static final Duration LONGEST_SLEEP = Duration.ofMinutes(10);

    private final NodePki pki;
    private final ControllerClient client;
    private final List<X509Certificate> trusted;
    private final AgentMetrics metrics;
    private final ControllerHealth health;
    private final Clock clock;
    private final RandomGenerator random;
    private final RenewalWindow window;
    private final Backoff backoff;
    private volatile NodeIdentity identity;
    private BackgroundLoop thread;

    /** {@code trusted}: the CA certificates the client trusts (the renewed certificate must chain to one). */
    public CertificateRenewer(NodePki pki, NodeIdentity identity, ControllerClient client,
                              List<X509Certificate> trusted, AgentMetrics metrics, ControllerHealth health, Clock clock,
                              RandomGenerator random, RenewalWindow window, Backoff backoff) {
        this.pki = pki;
        this.identity = identity;
        this.client = client;
        this.trusted = List.copyOf(trusted);
        this.metrics = metrics;
        this.health = health;
        this.clock = clock;
        this.random = random;
        this.window = window;
        this.backoff = backoff;
        metrics.certificateExpires(identity.notAfter());
    }

    public NodeIdentity identity() {
        return identity;
    }

    public synchronized void start() {
        thread = BackgroundLoop.start("kubenode-renewal", this::renewLoop);
    }

    private void renewLoop() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Instant at = nextRenewal();
                LOG.log(System.Logger.Level.INFO, "node certificate valid until " + identity.notAfter()
                        + "; renewal at " + at);
                sleepUntil(at);
                renewWithRetries();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * When to renew the current certificate: a random point of its window, counted from its issue, not from its
     * notBefore (the signer backdates that by minutes, which a short lifetime would turn into a window already past:
     * renewing at once, again and again).
     */
    Instant nextRenewal() {
        NodeIdentity current = identity;
        return window.renewAt(current.issuedAt(), current.notAfter(), random);
    }

    private void renewWithRetries() throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                renewOnce();
                return;
            } catch (ControllerException e) {
                health.failed(e);
                logFailure(e.getMessage(), failures);
            } catch (HostException e) {
                logFailure(e.getMessage(), failures);
            }
            Thread.sleep(health.retryDelay(failures, backoff, random).toMillis());
        }
    }

    /**
     * One renewal: new key staged (0600) before the CSR leaves, the answer checked, the pair swapped, the client
     * switched. On failure the staged key is dropped and the current pair stays in use.
     */
    public NodeIdentity renewOnce() throws ControllerException, HostException, InterruptedException {
        NodeIdentity current = identity;
        String nodeName = client.nodeName();
        KeyPair key = KeyPairs.ecP256();
        pki.stageKey(key.getPrivate());
        NodeIdentity renewed;
        try {
            IssuedCertificate issued = client.renew(Pem.write(NodeCsr.create(nodeName, key)));
            IssuedCertificateCheck.Result check = IssuedCertificateCheck.check(issued.certificate(), issued.ca(),
                    trusted, key, nodeName, clock.instant());
            if (check instanceof IssuedCertificateCheck.Result.Refused refused) {
                throw ControllerException.protocol("certificate renewal", refused.reason());
            }
            pki.commit(issued.certificate(), Optional.empty());
            renewed = new NodeIdentity(key.getPrivate(), issued.certificate(), current.ca());
        } catch (ControllerException | HostException | RuntimeException e) {
            metrics.certificateRenewed(false);
            discardQuietly();
            throw e;
        }
        client.useTls(renewed.tlsContext(trusted));
        identity = renewed;
        metrics.certificateRenewed(true);
        metrics.certificateExpires(renewed.notAfter());
        health.succeeded();
        LOG.log(System.Logger.Level.INFO, "node certificate renewed: serial " + renewed.certificate()
                .getSerialNumber().toString(16) + ", valid until " + renewed.notAfter());
        return renewed;
    }

    private void discardQuietly() {
        try {
            pki.discardStaged();
        } catch (HostException e) {
            // load() drops a staged key without its certificate at the next start
        }
    }

    private void logFailure(String message, int failures) {
        Instant notAfter = identity.notAfter();
        if (clock.instant().isAfter(notAfter)) {
            LOG.log(System.Logger.Level.ERROR, "certificate renewal failed (attempt " + failures + "): " + message
                    + "; the node certificate EXPIRED at " + notAfter + ": the controller will refuse it, enroll "
                    + "this node again (kubenode-agent enroll)");
            return;
        }
        LOG.log(System.Logger.Level.WARNING, "certificate renewal failed (attempt " + failures + "): " + message
                + "; the current certificate is valid until " + notAfter);
    }

    /** Sleeps in slices, so a wall clock that jumps (suspend, NTP step) is noticed within minutes. */
    private void sleepUntil(Instant at) throws InterruptedException {
        for (Duration left = Duration.between(clock.instant(), at); left.compareTo(Duration.ZERO) > 0;
             left = Duration.between(clock.instant(), at)) {
            Thread.sleep(Math.max(1, Math.min(left.toMillis(), LONGEST_SLEEP.toMillis())));
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.stop();
        }
    }
}
