package io.kubenode.agent.state;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cached catalog is sealed when it holds secrets, opens to the same catalog, and refuses to open when edited. */
class CatalogSealTest {
    private static final String SECRET = "planted-secret-5ea1ed0c4b2a";
    private static final String STATE = "/var/lib/kubenode-agent";

    @TempDir
    Path root;

    private final NodeCatalog withSecret = EngineHarness.catalogOf(
            FileSpec.rootOwnedSecret("/etc/kubenode/kubeadm/pki/ca.key", "key " + SECRET + "\n", null),
            FileSpec.rootOwned("/etc/kubenode/kubeadm/plain.conf", "plain\n", "0644"));

    @Test
    void aCatalogWithSecretsIsSealedAndOpensToTheSameCatalog() throws Exception {
        StateDir state = new StateDir(new LocalHost(root), STATE);

        state.saveCatalog(withSecret);

        byte[] stored = Files.readAllBytes(real(state.catalogPath()));
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(SECRET).doesNotContain("plain")
                .startsWith("kubenode-sealed-catalog-v1\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real(STATE + "/pki/catalog.key"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real(STATE + "/pki"))))
                .isEqualTo("rwx------");
        CatalogLoader.Loaded loaded = state.loadCatalog().orElseThrow();
        assertThat(loaded.ok()).as("%s", loaded.problems()).isTrue();
        assertThat(loaded.catalog()).isEqualTo(withSecret);
    }

    @Test
    void aCatalogWithoutSecretsStaysPlainJson() throws Exception {
        StateDir state = new StateDir(new LocalHost(root), STATE);
        NodeCatalog plain = EngineHarness.catalogOf(FileSpec.rootOwned("/etc/kubenode/kubeadm/plain.conf",
                "plain\n", "0644"));

        state.saveCatalog(plain);

        assertThat(Files.readString(real(state.catalogPath()))).contains("\"content\" : \"plain\\n\"");
        assertThat(real(STATE + "/pki/catalog.key")).doesNotExist();
        assertThat(state.loadCatalog().orElseThrow().catalog()).isEqualTo(plain);
    }

    @Test
    void anEditedSealedCatalogOrAMissingKeyIsAnErrorNamingTheFiles() throws Exception {
        StateDir state = new StateDir(new LocalHost(root), STATE);
        state.saveCatalog(withSecret);
        Path catalog = real(state.catalogPath());
        byte[] stored = Files.readAllBytes(catalog);
        stored[stored.length - 20] ^= 1;
        Files.write(catalog, stored);

        assertThatThrownBy(state::loadCatalog).isInstanceOf(HostException.class)
                .hasMessageContaining("does not open with " + STATE + "/pki/catalog.key");

        state.saveCatalog(withSecret);
        Files.delete(real(STATE + "/pki/catalog.key"));
        assertThatThrownBy(state::loadCatalog).isInstanceOf(HostException.class)
                .hasMessageContaining("is sealed but " + STATE + "/pki/catalog.key is missing");
    }

    private Path real(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }
}
