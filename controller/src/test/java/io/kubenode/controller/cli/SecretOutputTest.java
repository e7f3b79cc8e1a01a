package io.kubenode.controller.cli;

import io.kubenode.agent.cli.AgentRunner;
import io.kubenode.common.catalog.CatalogHash;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SecretText;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubenodectl compile} prints a secret file as {@code (secret, N bytes, sha256:…)} with the real content hash,
 * an agent refuses such a printed catalog instead of writing the placeholder, and {@code render} writes the real
 * secret to the directory asked for, owner-only from its first byte.
 */
class SecretOutputTest {
    private static final String SECRET = "planted-secret-c0ffee5eed42";
    private static final String KEY = "-----BEGIN PRIVATE KEY-----\n" + SECRET + "\n-----END PRIVATE KEY-----\n";
    private static final String KEY_PATH = "/etc/kubenode/kubeadm/pki/ca.key";

    @TempDir
    Path dir;

    @Test
    void compileOutputRedactsTheSecretAndKeepsTheRealContentHash() {
        NodeCatalog catalog = catalog(FileSpec.rootOwnedSecret(KEY_PATH, KEY, null));
        String shown = SecretText.describe(KEY.getBytes(StandardCharsets.UTF_8));

        for (CompileCommand.Format format : CompileCommand.Format.values()) {
            for (boolean asArray : List.of(true, false)) {
                String printed = print(catalog, asArray, format);
                assertThat(printed).as(format + " " + asArray).doesNotContain(SECRET).contains(shown)
                        .contains(CatalogHash.of(catalog.spec())).contains("127.0.0.1 localhost");
            }
        }
    }

    @Test
    void anAgentRefusesAPrintedCatalogInsteadOfWritingThePlaceholder() throws Exception {
        NodeCatalog catalog = catalog(FileSpec.rootOwnedSecret(KEY_PATH, KEY, null));
        Path printed = Files.writeString(dir.resolve("printed.json"),
                print(catalog, false, CompileCommand.Format.json));
        Path root = dir.resolve("root");

        AgentRunner.Run run = AgentRunner.run("apply", "--once", "--sandbox", "--catalog", printed.toString(),
                "--root", root.toString(), "--config", dir.resolve("none.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("refused, nothing applied", "metadata.contentHash");
        assertThat(root).doesNotExist();
    }

    @Test
    void renderWritesTheSecretOwnerOnlyAndAStricterModeAsAsked() throws Exception {
        Path out = dir.resolve("out");
        NodeCatalog catalog = catalog(FileSpec.rootOwnedSecret(KEY_PATH, KEY, null),
                FileSpec.rootOwnedSecret("/etc/kubenode/kubeadm/pki/sa.key", KEY, "0400"));

        List<NodeFilesWriter.Written> written = NodeFilesWriter.write(catalog, out);

        Path key = out.resolve(KEY_PATH.substring(1));
        assertThat(written).extracting(NodeFilesWriter.Written::hostPath).contains(KEY_PATH);
        assertThat(Files.readString(key)).isEqualTo(KEY);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                out.resolve("etc/kubenode/kubeadm/pki/sa.key")))).isEqualTo("r--------");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        NodeFilesWriter.write(catalog, out);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).as("a second render narrows")
                .isEqualTo("rw-------");
    }

    private static String print(NodeCatalog catalog, boolean asArray, CompileCommand.Format format) {
        StringWriter text = new StringWriter();
        CompileCommand.print(List.of(catalog), asArray, format, new PrintWriter(text));
        return text.toString();
    }

    private static NodeCatalog catalog(FileSpec... secrets) {
        List<CatalogResource> resources = new java.util.ArrayList<>();
        for (FileSpec file : secrets) {
            resources.add(new CatalogResource(file.id(), List.of(), List.of(), file));
        }
        FileSpec hosts = FileSpec.rootOwned("/etc/kubenode/kubeadm/hosts", "127.0.0.1 localhost\n", "0644");
        resources.add(new CatalogResource(hosts.id(), List.of(), List.of(), hosts));
        return NodeCatalog.of("test", "cp1.internal", 1, new NodeCatalog.Spec("worker", OsFamily.RHEL,
                resources));
    }
}
