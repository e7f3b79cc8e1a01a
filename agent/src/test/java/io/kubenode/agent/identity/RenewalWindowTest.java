package io.kubenode.agent.identity;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.SubjectName;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RenewalWindowTest {
    private static final Instant ISSUED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(90));

    @Test
    void renewalFallsBetweenSeventyAndNinetyPercentOfTheLifetime() {
        SplittableRandom random = new SplittableRandom(3);
        Instant earliest = ISSUED.plus(Duration.ofDays(63));
        Instant latest = ISSUED.plus(Duration.ofDays(81));
        for (int i = 0; i < 10_000; i++) {
            assertThat(RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, random)).isBetween(earliest, latest);
        }
    }

    @Test
    void theWindowsEdgesAreReachable() {
        RandomGenerator lowest = () -> 0L;
        RandomGenerator highest = () -> -1L;
        assertThat(RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, lowest)).isEqualTo(ISSUED.plus(Duration.ofDays(63)));
        assertThat(Duration.between(RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, highest),
                ISSUED.plus(Duration.ofDays(81)))).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void aFleetEnrolledTogetherSpreadsItsRenewals() {
        long distinct = java.util.stream.IntStream.range(0, 100)
                .mapToObj(node -> RenewalWindow.STANDARD.renewAt(ISSUED, EXPIRES, new SplittableRandom(node)))
                .distinct().count();
        assertThat(distinct).isEqualTo(100);
    }

    @Test
    void aWindowOutsideTheLifetimeIsRefused() {
        assertThatThrownBy(() -> new RenewalWindow(0.9, 0.7)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RenewalWindow(0.7, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aOneMinuteCertificateFromTheControllersCaIsRenewedWithinItsMinuteNotAtOnce() {
        CertificateAuthority ca = CertificateAuthority.create("kubenode-ca");
        X509Certificate certificate = ca.issueClient(KeyPairs.ecP256().getPublic(), new SubjectName("node1",
                SubjectName.NODES), Duration.ofMinutes(1));
        NodeIdentity identity = new NodeIdentity(KeyPairs.ecP256().getPrivate(), certificate, ca.certificate());
        RandomGenerator lowest = () -> 0L;

        Instant earliest = RenewalWindow.STANDARD.renewAt(identity.issuedAt(), identity.notAfter(), lowest);

        assertThat(Duration.between(earliest, identity.notAfter())).as("30 % of its minute, in whole seconds")
                .isBetween(Duration.ofMillis(17_700), Duration.ofMillis(18_300));
        assertThat(earliest).isAfter(Instant.now().plusSeconds(30));
    }
}
