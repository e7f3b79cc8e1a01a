package io.kubenode.agent.resource.clusternode;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.ClusterNodeSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deleting a Node object through a faked kubectl: deleted once, then in sync; a NotFound from get or delete is the
 * goal; an API that does not answer, or no kubeconfig yet, is not ready; another error fails.
 */
class ClusterNodeHandlerTest {
    private static final String ADMIN = "/etc/kubernetes/admin.conf";
    private static final String NODE = "node2.internal";
    private static final List<String> GET = List.of("kubectl", "--kubeconfig", ADMIN, "get", "node", NODE, "-o",
            "json");
    private static final List<String> DELETE = List.of("kubectl", "--kubeconfig", ADMIN, "delete", "node", NODE);
    private static final String NOT_FOUND = "Error from server (NotFound): nodes \"" + NODE + "\" not found\n";

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);
    private final NodeCatalog absent = EngineHarness.catalogOf(new ClusterNodeSpec(NODE, ADMIN,
            ClusterNodeSpec.ABSENT));
    private FakeApi host;

    @BeforeEach
    void controlPlane() throws IOException {
        Files.createDirectories(root.resolve("etc/kubernetes"));
        Files.writeString(root.resolve("etc/kubernetes/admin.conf"), "apiVersion: v1\n");
        host = new FakeApi(root);
    }

    @Test
    void aNodeTheApiHasIsDeletedOnceThenInSync() {
        assertThat(engine.plan(absent, host).changes()).containsExactly("- clusterNode:" + NODE + " delete node "
                + NODE + ": run " + String.join(" ", DELETE));

        engine.assertIdempotent(absent, host);

        assertThat(host.commands).containsSubsequence(GET, DELETE, GET).filteredOn(DELETE::equals).hasSize(1);
        ResourceReport after = engine.apply(absent, host).resources().get(0);
        assertThat(after.state()).isEqualTo("in_sync");
        assertThat(after.message()).isEqualTo("the API has no node " + NODE);
    }

    @Test
    void aNodeDeletedMeanwhileCountsAsDone() {
        host.deletedBehindOurBack = true;

        ResourceReport report = engine.apply(absent, host).resources().get(0);

        assertThat(report.state()).isEqualTo("changed");
        assertThat(host.commands).containsExactly(GET, DELETE);
    }

    @Test
    void anApiNotAnsweringIsNotReadyAndAnotherErrorFails() {
        host.stderr = "The connection to the server 192.0.2.61:6443 was refused - did you specify the right host or "
                + "port?\n";
        ResourceReport down = engine.apply(absent, host).resources().get(0);
        assertThat(down.state()).isEqualTo("not_ready");
        assertThat(down.message()).startsWith("kubectl get node exited 1 after 0.3 s; the API does not answer; last "
                + "output:\nThe connection to the server");

        host.stderr = "error: You must be logged in to the server (Unauthorized)\n";
        ResourceReport refused = engine.apply(absent, host).resources().get(0);
        assertThat(refused.state()).isEqualTo("failed");
        assertThat(refused.message()).isEqualTo("kubectl get node exited 1 after 0.3 s; last output:\nerror: You "
                + "must be logged in to the server (Unauthorized)");
        assertThat(host.commands).doesNotContain(DELETE);
    }

    @Test
    void noKubeconfigYetIsNotReady() throws IOException {
        Files.delete(root.resolve("etc/kubernetes/admin.conf"));

        ResourceReport report = engine.apply(absent, host).resources().get(0);

        assertThat(report.state()).isEqualTo("not_ready");
        assertThat(report.message()).isEqualTo("waiting for " + ADMIN + " (written by kubeadm on a control plane)");
        assertThat(host.commands).isEmpty();
    }

    /** kubectl against an API that has {@value #NODE} until it is deleted. */
    private static final class FakeApi extends LocalHost {
        final List<List<String>> commands = new ArrayList<>();
        boolean present = true;
        boolean deletedBehindOurBack;
        String stderr;

        FakeApi(Path root) {
            super(root);
        }

        @Override
        public CommandResult run(List<String> argv, Duration timeout) {
            commands.add(argv);
            if (stderr != null) {
                return result(argv, 1, "", stderr);
            }
            if (argv.equals(GET)) {
                return present ? result(argv, 0, "{\"kind\":\"Node\",\"metadata\":{\"name\":\"" + NODE + "\"}}", "")
                        : result(argv, 1, "", NOT_FOUND);
            }
            if (argv.equals(DELETE) && present && !deletedBehindOurBack) {
                present = false;
                return result(argv, 0, "node \"" + NODE + "\" deleted\n", "");
            }
            present = false;
            return result(argv, 1, "", NOT_FOUND);
        }

        private static CommandResult result(List<String> argv, int exit, String stdout, String stderr) {
            return new CommandResult(argv, exit, stdout, stderr, Duration.ofMillis(300));
        }
    }
}
