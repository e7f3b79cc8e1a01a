package io.kubenode.controller.node;

import io.kubenode.common.pki.ApprovedCsr;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.NodeCsr;
import io.kubenode.common.pki.NodeCsrPolicy;
import io.kubenode.controller.store.IssuedCertificate;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renewals against {@code node revoke}: the caller's certificate is checked when the request starts (Caller), but
 * the new certificate is recorded later; whatever the interleaving, no certificate issued to a revoked node may be
 * usable afterwards (handed out unrevoked).
 */
class RenewalRaceTest {
    private static final String NODE = "node1.internal";

    @TempDir
    Path dataDir;
    private SqliteStore store;
    private NodeCertificateIssuer issuer;
    private Revocations revocations;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dataDir);
        issuer = new NodeCertificateIssuer(CertificateAuthority.create("kubenode-ca"), store, Duration.ofDays(1));
        revocations = new Revocations();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aRenewalAuthenticatedBeforeTheRevokeButRecordedAfterItIsRefused() {
        BigInteger enrolled = issuer.issue(csr(), "node.enroll").getSerialNumber();
        assertThat(revocations.isRevoked(enrolled)).as("the request passed authentication").isFalse();

        revoke();
        Optional<X509Certificate> renewed = issuer.renew(csr(), enrolled);

        assertThat(renewed).as("a renewal whose caller was revoked meanwhile hands out nothing").isEmpty();
        assertThat(store.issuedCertificates()).as("every certificate of the node is revoked")
                .allMatch(IssuedCertificate::revoked);
        assertThat(store.audit(1).get(0).action()).isEqualTo("node.renew.refused");
    }

    @Test
    void manyConcurrentRenewalsRacingARevokeLeaveNoUsableCertificate() throws Exception {
        BigInteger enrolled = issuer.issue(csr(), "node.enroll").getSerialNumber();
        int renewals = 40;
        List<ApprovedCsr> requests = new ArrayList<>();
        for (int i = 0; i < renewals; i++) {
            requests.add(csr());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch authenticated = new CountDownLatch(1);
        List<Future<Optional<X509Certificate>>> answers = new ArrayList<>();
        try {
            for (ApprovedCsr request : requests) {
                // As NodeRoutes: the caller passed Caller.authenticate before the revoke, signs and records after.
                assertThat(revocations.isRevoked(enrolled)).isFalse();
                answers.add(pool.submit(() -> {
                    authenticated.await();
                    return issuer.renew(request, enrolled);
                }));
            }
            authenticated.countDown();
            revoke();
            List<X509Certificate> handedOut = new ArrayList<>();
            for (Future<Optional<X509Certificate>> answer : answers) {
                answer.get(60, TimeUnit.SECONDS).ifPresent(handedOut::add);
            }

            for (X509Certificate certificate : handedOut) {
                assertThat(store.isRevoked(certificate.getSerialNumber()) && revocations.isRevoked(
                        certificate.getSerialNumber())).as("certificate %s handed out to the revoked node",
                        certificate.getSerialNumber().toString(16)).isTrue();
            }
            assertThat(store.issuedCertificates()).as("nothing recorded for the node stays valid")
                    .allMatch(IssuedCertificate::revoked);
            assertThat(issuer.renew(csr(), enrolled)).as("a renewal after the revoke").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    /** What NodeAdminRoutes does: revoke in the store, then in the per-request set. */
    private void revoke() {
        revocations.add(store.revokeNode(NODE, "alice"));
    }

    private static ApprovedCsr csr() {
        try {
            return NodeCsrPolicy.approve(NodeCsr.create(NODE, KeyPairs.ecP256()), NODE);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
