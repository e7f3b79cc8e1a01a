package io.kubenode.controller.cli.admin;

import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * edit cluster with a real editor process: a shell script that records what it was given (text and file mode) and
 * writes the next prepared document, edit-1, edit-2 ... in turn; no prepared document means "save unchanged".
 */
class KubenodectlEditTest extends WithController {
    private static final String INVALID_PORT = "port: 70000";

    private Path editor;

    @BeforeEach
    void storeTheExampleAndWriteTheEditor() throws Exception {
        assertThat(ctl("apply", "-f", write("cluster.yaml", example()).toString()).exitCode()).isZero();
        editor = script("editor.sh", "");
    }

    @Test
    void savingWithoutChangesCancels() throws Exception {
        KubenodectlRunner.Run run = ctl(Map.of("EDITOR", editor.toString()), "edit", "cluster");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEqualTo("Edit cancelled, no changes made\n");
        assertThat(Files.readString(dir.resolve("seen-1"))).isEqualTo(example());
        assertThat(Files.readString(dir.resolve("mode-1")).strip()).isEqualTo("600");
        assertThat(controller.store().clusterHistory()).hasSize(1);
    }

    @Test
    void anInvalidEditIsReopenedWithItsErrorsOnTopAndTheFixedOneStoredWithoutThem() throws Exception {
        write("edit-1", example().replace("port: 8888", INVALID_PORT));
        write("edit-2", exampleWithTmuxOnNode2());

        KubenodectlRunner.Run run = ctl(Map.of("EDITOR", editor.toString()), "edit", "cluster");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).startsWith("cluster edited (resourceVersion 2)\n");
        assertThat(run.stderr()).contains("spec.controlPlaneEndpoint.port: ", "opening it again");
        String reopened = Files.readString(dir.resolve("seen-2"));
        assertThat(reopened).startsWith("# The edited cluster document is invalid.")
                .containsPattern("\n# spec\\.controlPlaneEndpoint\\.port: [^\n]*70000")
                .endsWith(example().replace("port: 8888", INVALID_PORT));
        assertThat(storedText()).isEqualTo(exampleWithTmuxOnNode2());
    }

    @Test
    void theErrorHeaderIsTakenOffButTheDocumentsOwnCommentsStay() throws Exception {
        // The second run fixes the port in the reopened file itself, leaving the header where it is.
        editor = script("fix.sh", "if [ \"$n\" = 2 ]; then sed -i 's/" + INVALID_PORT + "/port: 8888/' \"$1\"; fi\n");
        write("edit-1", example().replace("port: 8888", INVALID_PORT).replace("name: lab", "name: lab2"));

        KubenodectlRunner.Run run = ctl(Map.of("VISUAL", editor.toString()), "edit", "cluster");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(storedText()).isEqualTo(example().replace("name: lab", "name: lab2"))
                .startsWith("# The cluster of the seed guide");
    }

    @Test
    void anEditStillInvalidAndSavedUnchangedGivesUpAndKeepsTheFile() throws Exception {
        write("edit-1", example().replace("port: 8888", INVALID_PORT));

        KubenodectlRunner.Run run = ctl(Map.of("EDITOR", editor.toString()), "edit", "cluster");

        assertThat(run.exitCode()).isEqualTo(1);
        Path kept = keptFile(run.stderr());
        assertThat(Files.readString(kept)).contains(INVALID_PORT);
        assertThat(controller.store().clusterHistory()).hasSize(1);
        Files.delete(kept);
    }

    @Test
    void aDocumentChangedMeanwhileIsRefusedAndTheEditKept() throws Exception {
        // While "editing", someone else stores another version through the API (curl with the admin certificate).
        write("other.yaml", example().replace("name: lab", "name: other"));
        editor = script("racing.sh", "curl -sS --fail --cacert " + controller.layout().caCertificate() + " --cert "
                + controller.layout().adminCertificate() + " --key " + controller.layout().adminKey()
                + " -X PUT -H 'Content-Type: application/yaml' --data-binary @" + dir.resolve("other.yaml") + " '"
                + controller.url() + "/api/v1/cluster?resourceVersion=1' > /dev/null\n");
        write("edit-1", exampleWithTmuxOnNode2());

        KubenodectlRunner.Run run = ctl(Map.of("EDITOR", editor.toString()), "edit", "cluster");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("error: the controller answered 409 conflict: resourceVersion 1 is stale",
                "changed while you were editing");
        Path kept = keptFile(run.stderr());
        assertThat(Files.readString(kept)).isEqualTo(exampleWithTmuxOnNode2());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kept))).isEqualTo("rw-------");
        assertThat(storedText()).contains("name: other");
        Files.delete(kept);
    }

    @Test
    void aFailingEditorStoresNothing() throws Exception {
        Path failing = script("failing.sh", "exit 3\n");

        KubenodectlRunner.Run run = ctl(Map.of("EDITOR", failing.toString()), "edit", "cluster");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("the editor " + failing + " exited with code 3; nothing was stored");
        Files.deleteIfExists(keptFile(run.stderr()));
        assertThat(controller.store().clusterHistory()).hasSize(1);
    }

    /** An editor script: counts its runs ($n), keeps a copy and the mode of what it got, runs {@code extra}. */
    private Path script(String name, String extra) throws Exception {
        Path script = write(name, "#!/bin/sh\nset -e\ncd '" + dir + "'\n"
                + "n=$(cat count 2>/dev/null || echo 0); n=$((n+1)); echo \"$n\" > count\n"
                + "cp \"$1\" seen-$n\nstat -c %a \"$1\" > mode-$n\n"
                + extra
                + "if [ -f edit-$n ]; then cat edit-$n > \"$1\"; fi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        ExternalCommand.require("curl");
        return script;
    }

    private static Path keptFile(String stderr) {
        Matcher matcher = Pattern.compile("(/\\S*kubenode-edit-\\S*\\.yaml)").matcher(stderr);
        assertThat(matcher.find()).as(stderr).isTrue();
        return Path.of(matcher.group(1));
    }
}
