package io.kubenode.controller.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.NodeCsr;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.status.Condition;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.client.ApiClient;
import io.kubenode.controller.client.ApiException;
import io.kubenode.controller.client.ClientConfig;
import io.kubenode.controller.client.ConfigLocation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * NEEDS THE NODE ROUTES (GET /api/v1/nodes, /nodes/{name}, POST /nodes/{name}/revoke, GET /api/v1/audit, the node's
 * catalog and status routes, and the "nodes" map in the PUT /api/v1/cluster answer): fails until they are merged.
 * get nodes, describe node, node revoke and audit against a real controller, with one real node: enrolled with a
 * token made by kubenodectl, reading its catalog and reporting status with its own certificate, as an agent does.
 */
class KubenodectlNodesTest extends WithController {
    private static final String NODE = "node1.internal";

    private ApiClient node;
    private X509Certificate nodeCertificate;
    private NodeCatalog catalog;

    @BeforeEach
    void applyAOneNodeClusterAndEnrollItsNode() throws Exception {
        String oneNode = example().replaceAll("  - \\{name: node[2-5][^\n]*\n", "");
        KubenodectlRunner.Run applied = ctl("apply", "-f", write("one.yaml", oneNode).toString());
        assertThat(applied.exitCode()).as(applied.stderr()).isZero();
        assertThat(applied.stdout()).isEqualTo("cluster configured (resourceVersion 1)\n"
                + "catalogs changed: " + NODE + " (generation 1)\n");
        String token = ctl("token", "create", "--node", NODE).stdout().strip();
        node = enroll(token);
        catalog = node.get("/api/v1/nodes/" + NODE + "/catalog?after=0", NodeCatalog.class);
    }

    @Test
    void getNodesShowsTheNodeBeforeAndAfterItsReports() {
        KubenodectlRunner.Run before = ctl("get", "nodes");
        KubenodectlRunner.Run notYet = ctl("get", "nodes", "--until-converged", "--timeout", "2s");
        report(failing());
        KubenodectlRunner.Run failed = ctl("get", "nodes", "-o", "wide");
        report(converged());
        KubenodectlRunner.Run done = ctl("get", "nodes", "--until-converged", "--timeout", "20s");
        KubenodectlRunner.Run json = ctl("get", "nodes", "-o", "json");

        assertThat(before.stdout()).containsPattern("NAME +ROLE +PHASE +ADDRESS +CONVERGED +GENERATION +FAILED +LAST-SEEN\n"
                + "node1\\.internal +control-plane +- +192\\.168\\.0\\.61 +False +0/1 +0 +<never>\n");
        assertThat(notYet.exitCode()).isEqualTo(1);
        assertThat(notYet.stderr()).contains("error: timed out after 2s waiting for the nodes to converge; "
                + "not converged: node1.internal (applied 0/desired 1, not converged, never seen)");
        assertThat(failed.stdout()).containsPattern("ENROLLED +REVOKED +CERT-EXPIRES\n")
                .containsPattern("node1\\.internal +control-plane +- +192\\.168\\.0\\.61 +False +1/1 +1 +\\d+s +yes +no +"
                        + Pattern.quote(nodeCertificate.getNotAfter().toInstant().toString()));
        assertThat(done.exitCode()).as(done.stderr()).isZero();
        assertThat(done.stdout()).containsPattern("node1\\.internal +control-plane +- +192\\.168\\.0\\.61 +True +1/1 +0 ")
                .endsWith("every node converged at its desired generation\n");
        assertThat(json.stdout()).contains("\"items\"", "\"name\" : \"node1.internal\"", "\"converged\" : true");
    }

    @Test
    void watchPrintsTheHeaderOnceAndARowAgainWhenItChanges() throws Exception {
        report(failing());
        CompletableFuture<KubenodectlRunner.Run> watch = CompletableFuture.supplyAsync(
                () -> ctl("get", "nodes", "-w", "--timeout", "6s"));
        Thread.sleep(2500);
        report(converged());

        KubenodectlRunner.Run run = watch.get(30, TimeUnit.SECONDS);

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).filteredOn(line -> line.startsWith("NAME")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.startsWith(NODE)).hasSize(2);
        assertThat(lines.get(1)).containsPattern("False +1/1 +1 ");
        assertThat(lines.get(2)).containsPattern("True +1/1 +0 ");
    }

    @Test
    void describeShowsFactsConditionsResourcesAndLastErrors() {
        report(failing());

        KubenodectlRunner.Run run = ctl("describe", "node", NODE);
        KubenodectlRunner.Run unknown = ctl("describe", "node", "node9.internal");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("Name:          node1.internal\n", "Role:          control-plane\n",
                "Generation:    applied 1, desired 1, agent holds 1\n", "Facts:\n", "  Hostname:      node1\n",
                "  OS:            centos 9 (rhel)\n", "  Kernel:        5.14.0-570.el9.x86_64\n", "  CPUs:          2\n",
                "  Memory:        3.8 GiB\n", "  Addresses:     eth0 52:54:00:12:34:56 192.168.0.61/24\n",
                "  containerd:    1.7.0\n", "  kubelet:       1.32.2\n", "Conditions:\n", "Resources: ",
                "Last errors:\n  package:tmux: dnf install tmux: exit 1: No match for argument: tmux\n");
        assertThat(run.stdout()).containsPattern("Converged +False +ResourcesFailed +\\d+[smhd] +1 resource failed")
                .containsPattern("package:tmux +failed +dnf install tmux: exit 1")
                .containsPattern("service:tmux-helper +skipped +dependency package:tmux failed");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("error: the controller answered 404 not_found: ");
    }

    @Test
    void revokingTheNodePrintsItsSerialAndTheControllerRefusesItFromThenOn() {
        KubenodectlRunner.Run revoke = ctl("node", "revoke", NODE);
        KubenodectlRunner.Run wide = ctl("get", "nodes", "-o", "wide");
        KubenodectlRunner.Run unknown = ctl("node", "revoke", "node9.internal");

        assertThat(revoke.exitCode()).as(revoke.stderr()).isZero();
        assertThat(revoke.stdout().toLowerCase()).isEqualTo("node node1.internal: revoked 1 certificate\n  serial "
                + nodeCertificate.getSerialNumber().toString(16) + "\n");
        ApiException refused = catchThrowableOfType(ApiException.class, () -> report(converged()));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).isEqualTo("certificate_revoked");
        assertThat(wide.stdout()).containsPattern("node1\\.internal .* +yes +yes +");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.stderr()).startsWith("error: the controller answered 404 not_found: ");
    }

    @Test
    void auditListsTheNewestFirst() {
        KubenodectlRunner.Run run = ctl("audit", "--limit", "2");
        KubenodectlRunner.Run all = ctl("audit");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        List<String> lines = run.stdout().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).matches("ID +AT +WHO +ACTION +SUMMARY");
        long newest = Long.parseLong(lines.get(1).split(" +")[0]);
        long older = Long.parseLong(lines.get(2).split(" +")[0]);
        assertThat(newest).isGreaterThan(older);
        assertThat(all.stdout()).contains("kubenode-admin").containsPattern("\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z");
    }

    private void report(NodeStatus status) {
        node.sendJson("PUT", "/api/v1/nodes/" + NODE + "/status", status, null);
    }

    private NodeStatus failing() {
        List<ResourceStatus> resources = List.of(
                new ResourceStatus("kernelModule:overlay", "kernelModule", "in_sync", List.of(), null),
                new ResourceStatus("package:tmux", "package", "failed", List.of(),
                        "dnf install tmux: exit 1: No match for argument: tmux"),
                new ResourceStatus("service:tmux-helper", "service", "skipped", List.of(),
                        "dependency package:tmux failed"));
        return status(false, resources, new Condition(Condition.CONVERGED, Condition.FALSE, "ResourcesFailed",
                "1 resource failed", Instant.now().toString()));
    }

    private NodeStatus converged() {
        return status(true, List.of(new ResourceStatus("kernelModule:overlay", "kernelModule", "in_sync", List.of(),
                null)), new Condition(Condition.CONVERGED, Condition.TRUE, "AllInSync", null, Instant.now().toString()));
    }

    private NodeStatus status(boolean converged, List<ResourceStatus> resources, Condition condition) {
        long generation = catalog.metadata().generation();
        Facts facts = new Facts("node1", "machine-1", "uuid-1", List.of(new Facts.NetworkInterfaceFacts("eth0",
                "52:54:00:12:34:56", List.of("192.168.0.61/24"))), 2, 4L * 1024 * 1024 * 1024 - 200L * 1024 * 1024,
                0, "5.14.0-570.el9.x86_64", "centos", "9", "rhel", "permissive", 2, "1.7.0", "1.32.2",
                "systemd", null, null);
        return new NodeStatus(NODE, generation, generation, catalog.metadata().contentHash(), converged, false,
                Instant.now().toString(), new NodeStatus.LastPass(Instant.now().toString(), 420, "apply"),
                Map.of("in_sync", 1), resources, List.of(condition), facts);
    }

    /** What kubenode-agent enroll does: a key and CSR made here, the token, the CA as the only trust anchor. */
    private ApiClient enroll(String token) throws Exception {
        KeyPair key = KeyPairs.ecP256();
        String body = Documents.canonicalJson(Map.of("nodeName", NODE,
                "csr", Pem.write(NodeCsr.create(NODE, key))));
        HttpResponse<String> response = HttpClient.newBuilder().sslContext(trustingTheCa()).build().send(
                HttpRequest.newBuilder(URI.create(controller.url() + "/api/v1/enroll"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode answer = Documents.json().readTree(response.body());
        Path certificate = write("node1.crt", answer.get("certificate").asText());
        Path privateKey = write("node1.key", Pem.write(key.getPrivate()));
        nodeCertificate = Pem.readCertificate(Files.readString(certificate));
        Path config = write("node1.conf", KubenodeConfig.of(controller.url(), controller.layout().caCertificate(),
                certificate, privateKey).toYaml());
        return new ApiClient(ClientConfig.load(new ConfigLocation(config, "the test")));
    }

    private SSLContext trustingTheCa() throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Files.readAllBytes(controller.layout().caCertificate()))));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
