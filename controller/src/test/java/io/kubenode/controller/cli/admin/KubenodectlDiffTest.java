package io.kubenode.controller.cli.admin;

import io.kubenode.controller.cli.KubenodectlRunner;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** diff against a real controller: the text diff, and per node what its compiled catalog would do. */
class KubenodectlDiffTest extends WithController {

    @Test
    void againstNothingStoredEveryLineAndEveryNodeIsNew() throws Exception {
        KubenodectlRunner.Run run = ctl("diff", "-f", write("cluster.yaml", example()).toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("--- cluster (none stored yet)\n+++ " + dir.resolve("cluster.yaml")
                + "\n@@ -0,0 +1," + example().lines().count() + " @@\n+# The cluster of the seed guide")
                .containsPattern("node1\\.internal: new node, catalog of \\d+ resources")
                .containsPattern("node5\\.internal: new node, catalog of \\d+ resources");
        assertThat(controller.store().clusterHistory()).as("diff stores nothing").isEmpty();
    }

    @Test
    void showsTheChangedLinesInContextAndOnlyTheNodeWhoseCatalogChanges() throws Exception {
        ctl("apply", "-f", write("cluster.yaml", example()).toString());

        KubenodectlRunner.Run run = ctl("diff", "-f", write("changed.yaml", exampleWithTmuxOnNode2()).toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("--- cluster (resourceVersion 1)\n",
                "\n-  - {name: node2.internal, address: 192.168.0.62, role: control-plane}\n"
                        + "+  - {name: node2.internal, address: 192.168.0.62, role: control-plane, packages: [tmux]}\n"
                        + "   - {name: node3.internal, address: 192.168.0.63, role: control-plane}\n",
                "node1.internal: catalog unchanged\n",
                "node2.internal: catalog changes (1 added, 0 removed, ",
                "  + package:tmux\n",
                "node4.internal: catalog unchanged\n");
        assertThat(run.stdout()).containsPattern("@@ -(\\d+),7 \\+\\1,7 @@\n     packages: \\[curl");
        assertThat(storedText()).isEqualTo(example());
    }

    @Test
    void aDroppedNodeAndAChangedSettingAreNamed() throws Exception {
        ctl("apply", "-f", write("cluster.yaml", example()).toString());
        String changed = example().replace("  - {name: node5.internal, address: 192.168.0.65, role: worker}\n", "")
                .replace("net.ipv4.ip_forward: \"1\"", "net.ipv4.ip_forward: \"1\"\n      vm.swappiness: \"0\"");

        KubenodectlRunner.Run run = ctl("diff", "-f", write("changed.yaml", changed).toString());

        assertThat(run.stdout()).contains("node5.internal: no longer in the document",
                "  + sysctl:vm.swappiness\n", "node4.internal: catalog changes (1 added, 0 removed, ");
    }

    @Test
    void theSameTextSaysSo() throws Exception {
        ctl("apply", "-f", write("cluster.yaml", example()).toString());

        KubenodectlRunner.Run run = ctl("diff", "-f", dir.resolve("cluster.yaml").toString());

        assertThat(run.stdout()).startsWith("The document text is the same as the stored one.\n\n")
                .contains("node3.internal: catalog unchanged").doesNotContain("changes (");
    }

    @Test
    void anInvalidFileIsNotCompared() throws Exception {
        KubenodectlRunner.Run run = ctl("diff", "-f", write("bad.yaml", "apiVersion: [\n").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("syntax error", "nothing was sent to the controller");
        assertThat(run.stdout()).isEmpty();
    }
}
