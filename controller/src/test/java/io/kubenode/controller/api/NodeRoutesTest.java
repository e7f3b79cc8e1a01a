package io.kubenode.controller.api;

import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.common.status.Condition;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.node.NodeContacts;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node side of the API with curl as the client: the catalog long-poll, status reports, renewal and
 * revocation, and the admin views of nodes, each allowed only to the right caller.
 */
class NodeRoutesTest extends WithApiServer {
    private static final String NODE1 = "node1.internal";
    private static final String NODE2 = "node2.internal";
    private static final String NODE3 = "node3.internal";
    private static final String YAML = "Content-Type: application/yaml";

    @BeforeAll
    void applyTheExampleAndMakeNodeCertificates() throws Exception {
        api.writeClient(api.ca, new SubjectName(NODE1, SubjectName.NODES), NODE1, Duration.ofDays(1));
        api.writeClient(api.ca, new SubjectName(NODE2, SubjectName.NODES), NODE2, Duration.ofDays(1));
        api.writeClient(api.ca, new SubjectName(NODE3, SubjectName.NODES), NODE3, Duration.ofDays(1));
        ApiTestServer.Answer created = api.curl("admin", "PUT", "/api/v1/cluster", SeedCluster.exampleFile(), YAML);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
    }

    @Test
    void theLongPollAnswersAtOnceWhenNewerWaitsOtherwiseAndWakesOnlyTheChangedNode() throws Exception {
        long generation = generation(catalog(NODE1, "?after=0"));
        ApiTestServer.Answer current = catalog(NODE1, "?after=0");
        assertThat(current.status()).isEqualTo(200);
        assertThat(current.body()).contains("\"node\":\"" + NODE1 + "\"", "\"generation\":" + generation);
        long started = System.nanoTime();
        ApiTestServer.Answer unchanged = catalog(NODE1, "?after=" + generation + "&wait=1");
        assertThat(unchanged.status()).isEqualTo(304);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(900));

        CompletableFuture<ApiTestServer.Answer> node1Waits = CompletableFuture.supplyAsync(
                () -> quietly(() -> catalog(NODE1, "?after=" + generation + "&wait=30")));
        CompletableFuture<ApiTestServer.Answer> node2Waits = CompletableFuture.supplyAsync(
                () -> quietly(() -> catalog(NODE2, "?after=" + generation(catalog(NODE2, "")) + "&wait=3")));
        awaitWaiting(2);
        long put = System.nanoTime();
        ApiTestServer.Answer changed = putCluster(SeedCluster.exampleText().replace("packages: [tmux]",
                "packages: [tmux, htop]"));
        ApiTestServer.Answer woken = node1Waits.get(20, TimeUnit.SECONDS);
        Duration wake = Duration.ofNanos(System.nanoTime() - put);

        assertThat(changed.body()).contains("\"" + NODE1 + "\":{\"changed\":true,\"generation\":" + (generation + 1),
                "\"" + NODE2 + "\":{\"changed\":false,\"generation\":" + generation(catalog(NODE2, "")));
        assertThat(woken.status()).isEqualTo(200);
        assertThat(woken.body()).contains("package:htop", "\"generation\":" + (generation + 1));
        assertThat(wake).as("node1 sees the change within a second").isLessThan(Duration.ofSeconds(1));
        assertThat(node2Waits.get(20, TimeUnit.SECONDS).status()).as("node2's catalog did not change")
                .isEqualTo(304);
    }

    @Test
    void aNodeReadsOnlyItsOwnCatalogAndAnAdminReadsAny() throws Exception {
        assertThat(catalog(NODE2, "").status()).isEqualTo(200);
        assertThat(api.curl(NODE1, "GET", "/api/v1/nodes/" + NODE2 + "/catalog", null).status()).isEqualTo(403);
        assertThat(api.curl("admin", "GET", "/api/v1/nodes/" + NODE2 + "/catalog", null).status()).isEqualTo(200);
        assertThat(api.curl(NODE1, "GET", "/api/v1/nodes/" + NODE1 + "/catalog?wait=301", null).status())
                .isEqualTo(400);
        assertThat(api.curl(NODE1, "GET", "/api/v1/nodes/" + NODE1 + "/catalog?after=-1", null).body())
                .contains("after: expected one integer from 0");
    }

    @Test
    void onlyTheNodesOwnWatchCountsAsContactAndPromisesTheWaitItAskedFor() throws Exception {
        NodeContacts contacts = api.services.statuses().contacts();
        long generation = generation(api.curl("admin", "GET", "/api/v1/nodes/" + NODE3 + "/catalog", null));
        assertThat(api.curl("admin", "GET", "/api/v1/nodes/" + NODE3 + "/catalog?after=" + generation + "&wait=1",
                null).status()).isEqualTo(304);
        assertThat(contacts.of(NODE3)).as("an admin's read says nothing about the node").isEmpty();

        Instant before = Instant.now();
        ApiTestServer.Answer watched = api.curl(NODE3, "GET", "/api/v1/nodes/" + NODE3 + "/catalog?after="
                + generation + "&wait=2", null);

        assertThat(watched.status()).isEqualTo(304);
        NodeContacts.Contact contact = contacts.of(NODE3).orElseThrow();
        assertThat(contact.at()).isBetween(before, Instant.now());
        assertThat(Duration.between(contact.at(), contact.expectedBy()))
                .isEqualTo(Duration.ofSeconds(2).plus(NodeContacts.GRACE));
    }

    @Test
    void aNodeWritesOnlyItsOwnStatusAndAdminsSeeIt() throws Exception {
        long generation = generation(catalog(NODE1, ""));
        Path status = statusFile(NODE1, generation);

        ApiTestServer.Answer own = api.curl(NODE1, "PUT", "/api/v1/nodes/" + NODE1 + "/status", status,
                ApiTestServer.JSON);
        ApiTestServer.Answer other = api.curl(NODE2, "PUT", "/api/v1/nodes/" + NODE1 + "/status", status,
                ApiTestServer.JSON);
        ApiTestServer.Answer byAdmin = api.curl("admin", "PUT", "/api/v1/nodes/" + NODE1 + "/status", status,
                ApiTestServer.JSON);
        ApiTestServer.Answer mislabelled = api.curl(NODE2, "PUT", "/api/v1/nodes/" + NODE2 + "/status", status,
                ApiTestServer.JSON);
        ApiTestServer.Answer nodes = api.curl("admin", "GET", "/api/v1/nodes", null);
        ApiTestServer.Answer node = api.curl("admin", "GET", "/api/v1/nodes/" + NODE1, null);
        ApiTestServer.Answer nodesByNode = api.curl(NODE1, "GET", "/api/v1/nodes", null);

        assertThat(own.status()).as(own.body()).isEqualTo(204);
        assertThat(List.of(other.status(), byAdmin.status())).containsOnly(403);
        assertThat(mislabelled.status()).isEqualTo(422);
        assertThat(mislabelled.body()).contains("node: expected " + NODE2);
        assertThat(nodes.body()).contains("\"name\":\"" + NODE1 + "\"", "\"role\":\"control-plane\"",
                "\"address\":\"192.168.0.61\"", "\"name\":\"node5.internal\"");
        assertThat(node.body()).contains("\"converged\":true", "\"appliedGeneration\":" + generation,
                "\"hostname\":\"" + NODE1 + "\"", "\"type\":\"Converged\"");
        assertThat(nodesByNode.status()).isEqualTo(403);
        assertThat(api.curl("admin", "GET", "/api/v1/nodes/nosuchnode", null).status()).isEqualTo(404);
    }

    @Test
    void aNodeRenewsItsOwnCertificateWithANewKeyOnly() throws Exception {
        Path csr = api.csr("renew-" + NODE1, "/O=kubenode:nodes/CN=" + NODE1, null);
        Path body = Files.writeString(dir.resolve("renew.json"),
                "{\"csr\": \"" + Files.readString(csr).replace("\n", "\\n") + "\"}");
        Path otherCsr = api.csr("renew-other", "/O=kubenode:nodes/CN=" + NODE2, null);
        Path otherBody = Files.writeString(dir.resolve("renew-other.json"),
                "{\"csr\": \"" + Files.readString(otherCsr).replace("\n", "\\n") + "\"}");

        ApiTestServer.Answer renewed = api.curl(NODE1, "POST", "/api/v1/nodes/" + NODE1 + "/certificate", body,
                ApiTestServer.JSON);
        ApiTestServer.Answer forOther = api.curl(NODE1, "POST", "/api/v1/nodes/" + NODE1 + "/certificate",
                otherBody, ApiTestServer.JSON);
        ApiTestServer.Answer byAdmin = api.curl("admin", "POST", "/api/v1/nodes/" + NODE1 + "/certificate", body,
                ApiTestServer.JSON);

        assertThat(renewed.status()).as(renewed.body()).isEqualTo(200);
        Path certificate = Files.writeString(dir.resolve("renewed.crt"),
                ApiTestServer.pemField(renewed.body(), "certificate"));
        ExternalCommand.Result verify = ExternalCommand.run(List.of("openssl", "verify", "-purpose", "sslclient",
                "-CAfile", api.layout.caCertificate().toString(), certificate.toString()));
        assertThat(verify.stdout()).as(verify.describe()).contains(": OK");
        assertThat(forOther.status()).isEqualTo(422);
        assertThat(byAdmin.status()).isEqualTo(403);
        assertThat(api.store.issuedCertificates()).anyMatch(issued -> issued.nodeName().equals(NODE1));
    }

    @Test
    void renewalsAreLimitedPerNodeAndTheNextOneIsRefusedWith429() throws Exception {
        String node = "node6.internal";
        api.writeClient(api.ca, new SubjectName(node, SubjectName.NODES), node, Duration.ofDays(1));
        for (int i = 0; i < RenewalLimiter.MIN_RENEWALS; i++) {
            ApiTestServer.Answer renewed = renew(node, "limited-" + i);
            assertThat(renewed.status()).as("renewal %d: %s", i + 1, renewed.body()).isEqualTo(200);
        }

        ApiTestServer.Answer refused = renew(node, "limited-over");
        ApiTestServer.Answer other = renew(NODE2, "limited-other");

        assertThat(refused.status()).as(refused.body()).isEqualTo(429);
        assertThat(refused.body()).contains("renewal_rate_limited", "try again in");
        assertThat(other.status()).as("another node's budget is its own: %s", other.body()).isEqualTo(200);
        assertThat(api.store.issuedCertificates()).filteredOn(issued -> issued.nodeName().equals(node))
                .hasSize(RenewalLimiter.MIN_RENEWALS);
    }

    private ApiTestServer.Answer renew(String node, String keyName) throws Exception {
        Path csr = api.csr(keyName, "/O=kubenode:nodes/CN=" + node, null);
        Path body = Files.writeString(dir.resolve(keyName + ".json"),
                "{\"csr\": \"" + Files.readString(csr).replace("\n", "\\n") + "\"}");
        return api.curl(node, "POST", "/api/v1/nodes/" + node + "/certificate", body, ApiTestServer.JSON);
    }

    @Test
    void aRevokedNodeCanNeitherReadNorReportNorRenewUntilItEnrollsAgain() throws Exception {
        String node = "node4.internal";
        api.enrolled(node);
        assertThat(api.curl(node, "GET", "/api/v1/nodes/" + node + "/catalog", null).status()).isEqualTo(200);

        ApiTestServer.Answer revoked = api.curl("admin", "POST", "/api/v1/nodes/" + node + "/revoke", null,
                ApiTestServer.JSON);
        ApiTestServer.Answer again = api.curl("admin", "POST", "/api/v1/nodes/" + node + "/revoke", null,
                ApiTestServer.JSON);
        ApiTestServer.Answer read = api.curl(node, "GET", "/api/v1/nodes/" + node + "/catalog", null);
        ApiTestServer.Answer report = api.curl(node, "PUT", "/api/v1/nodes/" + node + "/status",
                statusFile(node, 1), ApiTestServer.JSON);
        ApiTestServer.Answer renew = api.curl(node, "POST", "/api/v1/nodes/" + node + "/certificate",
                statusFile(node, 1), ApiTestServer.JSON);
        ApiTestServer.Answer summary = api.curl("admin", "GET", "/api/v1/nodes/" + node, null);
        ApiTestServer.Answer byNode = api.curl(NODE1, "POST", "/api/v1/nodes/" + NODE2 + "/revoke", null,
                ApiTestServer.JSON);

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.body()).contains("\"revokedSerials\":[\"");
        assertThat(again.status()).as("nothing left to revoke").isEqualTo(404);
        for (ApiTestServer.Answer refused : List.of(read, report, renew)) {
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.body()).contains("certificate_revoked");
        }
        assertThat(summary.body()).contains("\"revoked\":true", "\"enrolled\":true");
        assertThat(byNode.status()).isEqualTo(403);

        api.enrolled(node);
        assertThat(api.curl(node, "GET", "/api/v1/nodes/" + node + "/catalog", null).status())
                .as("a new enrollment issues a new, unrevoked certificate").isEqualTo(200);
    }

    @Test
    void forgettingALeavingNodeSkipsItsOwnStepsRevokesItsCertificatesAndIsAudited() throws Exception {
        String node = "node5.internal";
        api.enrolled(node);
        ApiTestServer.Answer notLeaving = forget("admin", node);
        io.kubenode.controller.catalog.ClusterCatalogs catalogs = api.services.catalogs();
        io.kubenode.common.cluster.NodeSpec spec = SeedCluster.load().spec().nodes().get(4);
        String now = java.time.Instant.now().toString();
        catalogs.exclusively(() -> catalogs.recordOrchestration(api.store, io.kubenode.controller.orchestration
                .OrchestrationRecord.empty(now).withDepartures(Map.of(node, new io.kubenode.controller.orchestration
                .Departure(spec, 1, now, io.kubenode.controller.orchestration.DepartureStep.Draining, now, NODE1,
                "released"))), java.util.Set.of(), List.of()));
        try {
            ApiTestServer.Answer byNode = forget(NODE1, node);
            ApiTestServer.Answer forgotten = forget("admin", node);
            ApiTestServer.Answer read = catalog(node, "");
            ApiTestServer.Answer audit = api.curl("admin", "GET", "/api/v1/audit?limit=5", null);

            assertThat(notLeaving.status()).isEqualTo(404);
            assertThat(notLeaving.body()).contains("node5.internal is not leaving the cluster: only a node removed "
                    + "from the document can be forgotten");
            assertThat(byNode.status()).isEqualTo(403);
            assertThat(forgotten.status()).as(forgotten.body()).isEqualTo(200);
            assertThat(forgotten.body()).contains("\"forgottenBy\":\"", "\"step\":\"Draining\"",
                    "\"revokedSerials\":[\"");
            assertThat(catalogs.orchestration().orElseThrow().departure(node).forgottenBy()).isNotNull();
            assertThat(read.status()).as("revoked in the same call").isEqualTo(401);
            assertThat(audit.body()).contains("\"action\":\"orchestration.departure.forget\"",
                    "\"object\":\"node5.internal\"");
        } finally {
            catalogs.exclusively(() -> catalogs.recordOrchestration(api.store, catalogs.orchestration().orElseThrow()
                    .withDepartures(Map.of()), java.util.Set.of(node, NODE1), List.of()));
        }
    }

    private ApiTestServer.Answer forget(String caller, String node) throws Exception {
        return api.curl(caller, "POST", "/api/v1/nodes/" + node + "/forget", null, ApiTestServer.JSON);
    }

    @Test
    void aLongPollParkedBeforeTheRevocationGets401NotTheCatalogPublishedAfterIt() throws Exception {
        String node = "node3.internal";
        api.enrolled(node);
        long generation = generation(catalog(node, ""));
        CompletableFuture<ApiTestServer.Answer> parked = CompletableFuture.supplyAsync(
                () -> quietly(() -> catalog(node, "?after=" + generation + "&wait=30")));
        awaitWaiting(1);

        ApiTestServer.Answer revoked = api.curl("admin", "POST", "/api/v1/nodes/" + node + "/revoke", null,
                ApiTestServer.JSON);
        ApiTestServer.Answer changed = putCluster(SeedCluster.exampleText().replace(
                "{name: " + node + ", address: 192.168.0.63, role: control-plane}",
                "{name: " + node + ", address: 192.168.0.63, role: control-plane, packages: [htop]}"));
        ApiTestServer.Answer answer = parked.get(20, TimeUnit.SECONDS);

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(changed.body()).contains("\"" + node + "\":{\"changed\":true");
        assertThat(answer.status()).as("the parked request's answer").isEqualTo(401);
        assertThat(answer.body()).contains("certificate_revoked");
    }

    @Test
    void theAuditLogIsForAdminsAndRecordsWhoDidWhat() throws Exception {
        ApiTestServer.Answer audit = api.curl("admin", "GET", "/api/v1/audit?limit=1000", null);

        assertThat(audit.status()).isEqualTo(200);
        assertThat(audit.body()).contains("\"action\":\"cluster.put\"", "\"who\":\"kubenode-admin\"");
        assertThat(api.curl(NODE1, "GET", "/api/v1/audit", null).status()).isEqualTo(403);
        assertThat(api.curl("admin", "GET", "/api/v1/audit?limit=abc", null).status()).isEqualTo(400);
    }

    private ApiTestServer.Answer catalog(String node, String query) throws Exception {
        return api.curl(node, "GET", "/api/v1/nodes/" + node + "/catalog" + query, null);
    }

    private ApiTestServer.Answer putCluster(String text) throws Exception {
        ApiTestServer.Answer current = api.curl("admin", "GET", "/api/v1/cluster", null);
        String version = current.body().replaceAll(".*\"resourceVersion\":(\\d+).*", "$1");
        Path document = Files.writeString(Files.createTempFile(dir, "cluster", ".yaml"), text);
        ApiTestServer.Answer put = api.curl("admin", "PUT", "/api/v1/cluster?resourceVersion=" + version, document,
                YAML);
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        return put;
    }

    private void awaitWaiting(int count) {
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> api.services.catalogs().watches().waiting() >= count);
    }

    private static long generation(ApiTestServer.Answer catalog) {
        assertThat(catalog.status()).as(catalog.body()).isEqualTo(200);
        return Long.parseLong(catalog.body().replaceAll(".*\"generation\":(\\d+).*", "$1"));
    }

    private Path statusFile(String node, long generation) throws Exception {
        String now = Instant.now().toString();
        NodeStatus status = new NodeStatus(node, generation, generation, "sha256:x", true, false, now,
                new NodeStatus.LastPass(now, 120, "apply"), Map.of("in_sync", 1),
                List.of(new ResourceStatus("sysctl:net.ipv4.ip_forward", "sysctl", "in_sync", List.of(), null)),
                List.of(new Condition(Condition.CONVERGED, Condition.TRUE, "InSync", "every resource is in sync", now)),
                new io.kubenode.common.status.Facts(node, null, null, List.of(), 2, 1L << 31, 0, "6.1", "centos", "9",
                        "rhel", "Enforcing", 2, null, null, null, null, null));
        return Files.writeString(Files.createTempFile(dir, "status", ".json"), Documents.canonicalJson(status));
    }

    private interface Call {
        ApiTestServer.Answer run() throws Exception;
    }

    private static ApiTestServer.Answer quietly(Call call) {
        try {
            return call.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
