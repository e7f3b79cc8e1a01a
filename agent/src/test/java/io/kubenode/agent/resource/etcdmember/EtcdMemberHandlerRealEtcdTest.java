package io.kubenode.agent.resource.etcdmember;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.kubeadm.simulator.RealEtcdCluster;
import io.kubenode.common.catalog.EtcdMemberSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The etcdMember resource against Debian's real etcd: two started members with kubeadm's etcd PKI, the handler run
 * through a SandboxHost on the first member's root (its healthcheck-client certificate, the real network), checked
 * with the real etcdctl. The methods run in order on the same cluster: an unstarted member, then the second member,
 * are removed; the first, then alone, is refused. A closed endpoint is not ready; a wrong CA fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EtcdMemberHandlerRealEtcdTest {
    private static final String PKI = "/etc/kubernetes/pki/etcd/";
    private static final String OTHER_CA = "/etc/kubenode-test/other-ca.crt";

    private final EngineHarness engine = new EngineHarness(OsFamily.DEBIAN);
    private RealEtcdCluster etcd;
    private SandboxHost host;

    @BeforeAll
    void cluster() throws IOException {
        Path base = Files.createTempDirectory("etcd-member-test");
        etcd = RealEtcdCluster.start(base, 2);
        host = new SandboxHost(etcd.root(0), Simulations.all());
        Path otherCa = etcd.root(0).resolve(OTHER_CA.substring(1));
        Files.createDirectories(otherCa.getParent());
        Files.writeString(otherCa, Pem.write(CertificateAuthority.create("another-ca").certificate()));
    }

    @AfterAll
    void stop() {
        if (etcd != null) {
            etcd.close();
        }
    }

    @Test
    @Order(1)
    void anUnstartedMemberIsFoundByItsPeerUrlAndRemoved() {
        etcd.addUnstarted("m9.sim", etcd.sparePeerUrl());
        assertThat(etcd.memberNames()).containsExactlyInAnyOrder("m0.sim", "m1.sim", "");
        NodeCatalog catalog = EngineHarness.catalogOf(spec("m9.sim", etcd.sparePeerUrl(), etcd.endpoint(0), PKI
                + "ca.crt"));

        Report plan = engine.plan(catalog, host);
        assertThat(plan.changes()).singleElement().asString().matches("- etcdMember:m9\\.sim remove member "
                + "[0-9a-f]+ \\(unstarted, " + etcd.sparePeerUrl().replace(".", "\\.") + "\\)");

        engine.assertIdempotent(catalog, host);

        assertThat(etcd.memberPeerUrls()).containsExactlyInAnyOrder(etcd.peerUrl(0), etcd.peerUrl(1));
        assertThat(host.recordedCommands()).contains("etcd POST " + etcd.endpoint(0) + EtcdMemberHandler.REMOVE
                + " (sandbox: real network, certificates under the root)");
    }

    @Test
    @Order(2)
    void aStartedMemberIsRemovedOnceThenInSync() {
        NodeCatalog catalog = EngineHarness.catalogOf(spec("m1.sim", etcd.peerUrl(1), etcd.endpoint(0), PKI
                + "ca.crt"));

        assertThat(engine.plan(catalog, host).changes()).singleElement().asString().startsWith(
                "- etcdMember:m1.sim remove member ").endsWith(" (m1.sim, " + etcd.peerUrl(1) + ")");
        engine.assertIdempotent(catalog, host);

        assertThat(etcd.memberNames()).containsExactly("m0.sim");
        ResourceReport after = engine.apply(catalog, host).resources().get(0);
        assertThat(after.state()).isEqualTo("in_sync");
        assertThat(after.message()).isEqualTo("not a member (1 member left)");
        // a removed member's etcd ends itself (etcd: "the member has been permanently removed from the cluster")
        await("m1's etcd exits").atMost(Duration.ofSeconds(20)).until(() -> !etcd.running(1));
    }

    @Test
    @Order(3)
    void theLastMemberIsRefusedAndStays() {
        ResourceReport report = engine.apply(EngineHarness.catalogOf(spec("m0.sim", etcd.peerUrl(0),
                etcd.endpoint(0), PKI + "ca.crt")), host).resources().get(0);

        assertThat(report.state()).isEqualTo("failed");
        assertThat(report.message()).startsWith("refusing to remove member ").endsWith("(m0.sim, " + etcd.peerUrl(0)
                + "): it is the only member of the etcd cluster at " + etcd.endpoint(0) + ", and removing it would "
                + "destroy the cluster");
        assertThat(etcd.memberNames()).containsExactly("m0.sim");
    }

    @Test
    @Order(3)
    void anEndpointNobodyListensOnIsNotReady() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        ResourceReport report = engine.apply(EngineHarness.catalogOf(spec("m1.sim", etcd.peerUrl(1),
                "https://127.0.0.1:" + closed, PKI + "ca.crt")), host).resources().get(0);

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).isEqualTo("etcd at https://127.0.0.1:" + closed + " does not answer: connection "
                + "refused or unreachable");
    }

    @Test
    @Order(3)
    void aServerCertificateFromAnotherCaFails() {
        ResourceReport report = engine.apply(EngineHarness.catalogOf(spec("m1.sim", etcd.peerUrl(1),
                etcd.endpoint(0), OTHER_CA)), host).resources().get(0);

        assertThat(report.state()).isEqualTo("failed");
        assertThat(report.message()).startsWith(etcd.endpoint(0) + EtcdMemberHandler.LIST + ": TLS failed: the "
                + "server certificate is not trusted by " + OTHER_CA);
        assertThat(etcd.memberNames()).containsExactly("m0.sim");
    }

    private static EtcdMemberSpec spec(String member, String peerUrl, String endpoint, String caFile) {
        return new EtcdMemberSpec(member, peerUrl, endpoint, caFile, PKI + "healthcheck-client.crt",
                PKI + "healthcheck-client.key", EtcdMemberSpec.ABSENT);
    }
}
