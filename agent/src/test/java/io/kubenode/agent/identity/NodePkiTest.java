package io.kubenode.agent.identity;

import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodePkiTest {
    private static final TestControllerPki PKI = new TestControllerPki("kubenode pki test CA");
    private static final String STATE = "/var/lib/kubenode-agent";

    @TempDir
    Path root;

    @Test
    void theStagedKeyIsOwnerOnlyInAnOwnerOnlyDirectoryBeforeAnythingIsSent() throws Exception {
        NodePki pki = new NodePki(new LocalHost(root), STATE);

        pki.stageKey(KeyPairs.ecP256().getPrivate());

        assertThat(mode(root.resolve("var/lib/kubenode-agent/pki"))).isEqualTo("rwx------");
        assertThat(mode(root.resolve("var/lib/kubenode-agent/pki/node.key.new"))).isEqualTo("rw-------");
    }

    @Test
    void aCommittedPairLoadsWithTheKeyOwnerOnly() throws Exception {
        NodePki pki = new NodePki(new LocalHost(root), STATE);
        NodeIdentity node = install(pki, PKI.node("node1", Duration.ofDays(90)), true);

        NodeIdentity loaded = pki.load().orElseThrow();

        assertThat(loaded.certificate()).isEqualTo(node.certificate());
        assertThat(loaded.ca()).isEqualTo(PKI.caCertificate());
        assertThat(loaded.nodeName()).contains("node1");
        assertThat(mode(root.resolve("var/lib/kubenode-agent/pki/node.key"))).isEqualTo("rw-------");
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aCrashAtAnyStepOfTheSwapLeavesAMatchingPairOldOrNew() throws Exception {
        NodeIdentity old = PKI.node("node1", Duration.ofDays(90));
        Set<BigInteger> outcomes = new HashSet<>();
        for (int crashAt = 0; ; crashAt++) {
            Path run = Files.createDirectory(root.resolve("run" + crashAt));
            install(new NodePki(new LocalHost(run), STATE), old, true);
            NodeIdentity renewed = PKI.node("node1", Duration.ofDays(90));
            CrashingHost crashing = new CrashingHost(run, crashAt);
            boolean crashed = swap(new NodePki(crashing, STATE), renewed);

            NodeIdentity after = new NodePki(new LocalHost(run), STATE).load().orElseThrow();

            assertThat(NodeIdentity.keyMatches(after.key(), after.certificate()))
                    .as("pair after a crash before %s", crashing.steps()).isTrue();
            assertThat(after.certificate().getSerialNumber())
                    .as("after a crash before %s", crashing.steps())
                    .isIn(old.certificate().getSerialNumber(), renewed.certificate().getSerialNumber());
            assertThat(leftovers(run)).as("staged files after recovery").isEmpty();
            outcomes.add(after.certificate().getSerialNumber().equals(renewed.certificate().getSerialNumber())
                    ? BigInteger.ONE : BigInteger.ZERO);
            if (!crashed) {
                assertThat(after.certificate()).isEqualTo(renewed.certificate());
                assertThat(crashAt).as("steps of a swap").isGreaterThanOrEqualTo(8);
                break;
            }
        }
        assertThat(outcomes).as("some crashes keep the old pair, later ones finish the new").hasSize(2);
    }

    @Test
    void aStagedKeyWhoseCertificateNeverCameIsDropped() throws Exception {
        NodePki pki = new NodePki(new LocalHost(root), STATE);
        NodeIdentity current = install(pki, PKI.node("node1", Duration.ofDays(90)), true);
        pki.stageKey(KeyPairs.ecP256().getPrivate());

        assertThat(pki.load().orElseThrow().certificate()).isEqualTo(current.certificate());
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void noKeyAndNoCertificateMeansNotEnrolled() throws Exception {
        assertThat(new NodePki(new LocalHost(root), STATE).load()).isEmpty();
    }

    @Test
    void aKeyThatDoesNotMatchTheCertificateIsRefused() throws Exception {
        NodePki pki = new NodePki(new LocalHost(root), STATE);
        install(pki, PKI.node("node1", Duration.ofDays(90)), true);
        Files.writeString(root.resolve("var/lib/kubenode-agent/pki/node.key"),
                Pem.write(KeyPairs.ecP256().getPrivate()));

        assertThatThrownBy(pki::load).isInstanceOf(HostException.class).hasMessageContaining("does not match");
    }

    @Test
    void aLoneCertificateIsRefused() throws Exception {
        NodePki pki = new NodePki(new LocalHost(root), STATE);
        install(pki, PKI.node("node1", Duration.ofDays(90)), true);
        Files.delete(root.resolve("var/lib/kubenode-agent/pki/node.key"));

        assertThatThrownBy(pki::load).isInstanceOf(HostException.class).hasMessageContaining("is missing beside");
    }

    /** Stages the identity's key and commits its certificate, as enroll does. */
    private static NodeIdentity install(NodePki pki, NodeIdentity identity, boolean withCa) throws HostException {
        pki.stageKey(identity.key());
        pki.commit(identity.certificate(), withCa ? Optional.of(identity.ca()) : Optional.empty());
        return identity;
    }

    /** A renewal's file steps; true when the host crashed on the way. */
    private static boolean swap(NodePki pki, NodeIdentity renewed) throws HostException {
        try {
            install(pki, renewed, false);
            return false;
        } catch (CrashingHost.Crash crash) {
            return true;
        }
    }

    private Set<String> leftovers() throws Exception {
        return leftovers(root);
    }

    private static Set<String> leftovers(Path under) throws Exception {
        try (Stream<Path> files = Files.walk(under.resolve("var/lib/kubenode-agent/pki"))) {
            Set<String> names = new HashSet<>();
            files.map(path -> path.getFileName().toString()).filter(name -> name.endsWith(".new")
                    || name.endsWith(".kubenode-tmp")).forEach(names::add);
            return names;
        }
    }

    private static String mode(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
