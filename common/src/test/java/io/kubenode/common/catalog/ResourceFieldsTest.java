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
    void theCompilerAssertionNamesTheResource() {
        NodeCatalog.Spec spec = new NodeCatalog.Spec("worker", io.kubenode.common.cluster.OsFamily.RHEL,
                List.of(new CatalogResource("kernelModule:-r", List.of(), List.of(), new KernelModuleSpec("-r"))));

        assertThatThrownBy(() -> ResourceFields.requireValid(spec)).hasMessageContaining("kernelModule:-r spec.name");
    }

    private static List<String> paths(ResourceSpec spec) {
        return ResourceFields.check(spec).stream().map(Problem::path).toList();
    }
}
