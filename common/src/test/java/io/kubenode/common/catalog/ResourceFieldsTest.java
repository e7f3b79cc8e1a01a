package io.kubenode.common.catalog;

import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResourceFieldsTest {

    @Test
    void everyResourceTypeAsTheCompilerWritesItPasses() {
        for (CatalogResource resource : Catalogs.everyType().resources()) {
            assertThat(ResourceFields.check(resource.spec())).as(resource.id()).isEmpty();
        }
    }

    @Test
    void aNameStartingWithADashIsRefusedForEveryTypeThatReachesAnArgv() {
        assertThat(paths(new KernelModuleSpec("-r"))).containsExactly("spec.name");
        assertThat(paths(PackageSpec.any("--nogpgcheck"))).containsExactly("spec.name");
        assertThat(paths(new PackageSpec("kubelet", "-1", "-repo"))).containsExactly("spec.version",
                "spec.repository");
        assertThat(paths(new ServiceSpec("--global", true, "running"))).containsExactly("spec.name");
    }

    @Test
    void pathsMustBeAbsoluteAndNormalized() {
        assertThat(paths(FileSpec.rootOwned("/etc/../root/x", "", "0644"))).containsExactly("spec.path");
        assertThat(paths(FileSpec.rootOwned("/etc/a b", "", "0644"))).containsExactly("spec.path");
        assertThat(paths(new ManagedBlockSpec("etc/hosts", "m", ""))).containsExactly("spec.path");
        assertThat(paths(new ArchiveSpec("a", "1", "https://h/a", null, "file", "/usr/local/bin/./a", "0755",
                null))).containsExactly("spec.destination");
    }

    @Test
    void theMessageNamesWhatWasExpectedAndWhatCame() {
        assertThat(ResourceFields.check(new SysctlSpec("kernel.core_pattern", "|/bin/sh")))
                .containsExactly(Problem.error("spec.value", "expected a value of letters, digits, spaces and "
                        + ". _ : , / -, got '|/bin/sh'"));
    }

    @Test
    void aHaproxyServerProbeNeedsASocketPathAndOneBackendServerPairAndNoOtherProbeNamesAServer() {
        assertThat(paths(ProbeSpec.haproxyServer("haproxy-apiserver", "/var/lib/haproxy/stats", "apiserver",
                "node1.internal", 5))).isEmpty();
        assertThat(paths(ProbeSpec.haproxyServer("h", "stats", "apiserver", "node1", 5)))
                .containsExactly("spec.target");
        assertThat(paths(new ProbeSpec("h", ProbeSpec.HAPROXY_SERVER, "/var/lib/haproxy/stats", null, 5, null)))
                .containsExactly("spec.server");
        assertThat(ResourceFields.check(ProbeSpec.haproxyServer("h", "/s", "apiserver", "a/b", 5)))
                .containsExactly(Problem.error("spec.server", "expected BACKEND/SERVER, haproxy names of letters, "
                        + "digits, '.', '_', ':' and '-', got 'apiserver/a/b'"));
        assertThat(paths(new ProbeSpec("cri", ProbeSpec.CRI_SOCKET, "/run/c.sock", null, 5, "apiserver/node1")))
                .containsExactly("spec.server");
    }

    @Test
    void theCompilerAssertionNamesTheResource() {
        NodeCatalog.Spec spec = new NodeCatalog.Spec("worker", io.kubenode.common.cluster.OsFamily.RHEL,
                List.of(new CatalogResource("kernelModule:-r", List.of(), List.of(), new KernelModuleSpec("-r"))));

        assertThatThrownBy(() -> ResourceFields.requireValid(spec)).hasMessageContaining("kernelModule:-r spec.name");
    }

    private static List<String> paths(ResourceSpec spec) {
        return ResourceFields.check(spec).stream().map(Problem::path).toList();
    }
}
