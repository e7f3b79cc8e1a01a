package io.kubenode.controller.cli.admin;

import io.kubenode.controller.cli.KubenodectlRunner;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** apply, get cluster, history and rollback against a real controller. */
class KubenodectlApplyTest extends WithController {

    @Test
    void applyStoresTheTextAsWrittenThenSaysUnchangedForTheSameText() throws Exception {
        Path file = write("cluster.yaml", example());

        KubenodectlRunner.Run first = ctl("apply", "-f", file.toString());
        KubenodectlRunner.Run again = ctl("apply", "-f", file.toString());

        assertThat(first.exitCode()).as(first.stderr()).isZero();
        assertThat(first.stdout()).startsWith("cluster configured (resourceVersion 1)\n");
        assertThat(first.stderr()).contains("spec.network.manifest.sha256: warning:");
        assertThat(storedText()).isEqualTo(example());
        assertThat(again.exitCode()).isZero();
        assertThat(again.stdout()).isEqualTo("cluster unchanged (resourceVersion 1)\n");
        assertThat(controller.store().clusterHistory()).hasSize(1);
    }

    @Test
    void applySendsTheCurrentResourceVersion() throws Exception {
        ctl("apply", "-f", write("v1.yaml", example()).toString());

        KubenodectlRunner.Run second = ctl("apply", "-f", write("v2.yaml", exampleWithTmuxOnNode2()).toString());

        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).startsWith("cluster configured (resourceVersion 2)\n");
        assertThat(storedText()).isEqualTo(exampleWithTmuxOnNode2());
    }

    @Test
    void aNewVrrpPasswordIsAppliedAndTheControllersWarningPrinted() throws Exception {
        ctl("apply", "-f", write("v1.yaml", example()).toString());
        String newPassword = example().replace("authPass: \"ZqSj#f1G\"", "authPass: \"Xk2#pQ7w\"");
        assertThat(newPassword).isNotEqualTo(example());

        KubenodectlRunner.Run run = ctl("apply", "-f", write("v2.yaml", newPassword).toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("cluster configured (resourceVersion 2)\n");
        assertThat(run.stderr()).contains("spec.loadBalancer.keepalived.authPass: warning: changed on running "
                + "control planes, which names a new VRRP group").doesNotContain("Xk2#pQ7w");
        assertThat(storedText()).isEqualTo(newPassword);
    }

    @Test
    void anInvalidDocumentIsReportedLocallyAndNothingIsSent() throws Exception {
        Path file = write("bad.yaml", example().replace("port: 8888", "port: 70000")
                .replace("virtualRouterId: 5", "virtualRouterId: 0"));

        KubenodectlRunner.Run run = ctl("apply", "-f", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("spec.controlPlaneEndpoint.port: ",
                "spec.loadBalancer.keepalived.virtualRouterId: expected 1..255, got 0",
                file + " is invalid (2 errors); nothing was sent to the controller");
        assertThat(controller.store().clusterHistory()).isEmpty();
        assertThat(controller.store().audit(10)).noneMatch(entry -> entry.action().startsWith("cluster"));
    }

    @Test
    void getClusterPrintsATableTheStoredTextOrTheEnvelopeAsJson() throws Exception {
        KubenodectlRunner.Run none = ctl("get", "cluster");
        ctl("apply", "-f", write("cluster.yaml", example()).toString());

        KubenodectlRunner.Run table = ctl("get", "cluster");
        KubenodectlRunner.Run yaml = ctl("get", "cluster", "-o", "yaml");
        KubenodectlRunner.Run json = ctl("get", "cluster", "-o", "json");

        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.stderr()).contains("no cluster document yet", "kubenodectl apply -f FILE");
        assertThat(table.exitCode()).as(table.stderr()).isZero();
        assertThat(table.stdout()).isEqualTo("NAME   RESOURCE-VERSION   PHASE   ELAPSED   MESSAGE\n"
                + "lab    1                  -       -         no orchestration yet\n");
        assertThat(yaml.stdout()).isEqualTo(example()).contains("# The cluster of the seed guide");
        assertThat(json.exitCode()).isZero();
        assertThat(json.stdout()).contains("\"resourceVersion\" : 1", "\"author\" : \"kubenode-admin\"",
                "\"createdAt\" : \"", "\"document\" : \"# The cluster of the seed guide")
                .as("no orchestration yet: no key").doesNotContain("\"orchestration\"");
    }

    @Test
    void historyListsRevisionsAndRollbackStoresAnOldTextAsANewRevision() throws Exception {
        ctl("apply", "-f", write("v1.yaml", example()).toString());
        ctl("apply", "-f", write("v2.yaml", exampleWithTmuxOnNode2()).toString());

        KubenodectlRunner.Run history = ctl("history");
        KubenodectlRunner.Run rollback = ctl("rollback", "--to", "1");
        KubenodectlRunner.Run nothingToDo = ctl("rollback", "--to", "1");
        KubenodectlRunner.Run missing = ctl("rollback", "--to", "9");
        KubenodectlRunner.Run zero = ctl("rollback", "--to", "0");

        assertThat(history.exitCode()).isZero();
        assertThat(history.stdout().lines().toList()).hasSize(3);
        assertThat(history.stdout()).containsPattern("REVISION +AUTHOR +CREATED\n")
                .containsPattern("1 +kubenode-admin +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\n")
                .containsPattern("\n2 +kubenode-admin +");
        assertThat(rollback.exitCode()).as(rollback.stderr()).isZero();
        assertThat(rollback.stdout()).startsWith("rolled back to revision 1 as revision 3\n");
        assertThat(storedText()).isEqualTo(example());
        assertThat(nothingToDo.stdout()).contains("revision 3 already has the text of revision 1; nothing to do");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("there is no revision 9; the revisions are 1..3");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(controller.store().clusterHistory()).hasSize(3);
    }
}
