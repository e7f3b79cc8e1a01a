package io.kubenode.common.catalog;

import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kubenode.common.catalog.Catalogs.resource;
import static io.kubenode.common.catalog.Catalogs.spec;
import static io.kubenode.common.catalog.Catalogs.sysctl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogChecksTest {

    @Test
    void wellFormedCatalogHasNoProblems() {
        assertThat(CatalogChecks.check(Catalogs.everyType())).isEmpty();
        assertThatCode(() -> CatalogChecks.requireWellFormed(Catalogs.everyType())).doesNotThrowAnyException();
    }

    @Test
    void duplicateIdIsAnError() {
        NodeCatalog.Spec spec = spec(resource(PackageSpec.any("curl")), resource(new PackageSpec("curl", "8.0", null)));

        assertThat(CatalogChecks.check(spec))
                .containsExactly(Problem.error("spec.resources[1].id", "duplicate id package:curl"));
    }

    @Test
    void idNotMatchingTheSpecIsAnError() {
        NodeCatalog.Spec spec = spec(new CatalogResource("package:wget", List.of(), List.of(), PackageSpec.any("curl")));

        assertThat(CatalogChecks.check(spec)).containsExactly(
                Problem.error("spec.resources[0].id", "expected package:curl for this spec, got 'package:wget'"));
    }

    @Test
    void missingSpecIsAnError() {
        NodeCatalog.Spec spec = spec(new CatalogResource("package:curl", List.of(), List.of(), null));

        assertThat(CatalogChecks.check(spec)).containsExactly(Problem.error("spec.resources[0].spec", "required"));
    }

    @Test
    void danglingDependsOnIsAnError() {
        NodeCatalog.Spec spec = spec(sysctl("net.ipv4.ip_forward"), sysctl("vm.swappiness", "kernelModule:overlay"));

        assertThat(CatalogChecks.check(spec))
                .containsExactly(Problem.error("spec.resources[1].dependsOn", "no resource kernelModule:overlay"));
    }

    @Test
    void notifyToANonServiceIsAnError() {
        NodeCatalog.Spec spec = spec(
                resource(PackageSpec.any("haproxy")),
                resource(FileSpec.rootOwned("/etc/haproxy/haproxy.cfg", "x\n", "0644"), List.of(),
                        List.of("package:haproxy")));

        assertThat(CatalogChecks.check(spec))
                .containsExactly(Problem.error("spec.resources[1].notify", "no service resource package:haproxy"));
    }

    @Test
    void notifyToAMissingServiceIsAnError() {
        NodeCatalog.Spec spec = spec(resource(FileSpec.rootOwned("/etc/x", "x\n", "0644"), List.of(),
                List.of("service:haproxy")));

        assertThat(CatalogChecks.check(spec))
                .containsExactly(Problem.error("spec.resources[0].notify", "no service resource service:haproxy"));
    }

    @Test
    void dependencyCycleIsAnErrorNamingTheCycle() {
        NodeCatalog.Spec spec = spec(sysctl("a.a", "sysctl:b.b"), sysctl("b.b", "sysctl:c.c"),
                sysctl("c.c", "sysctl:a.a"));

        assertThat(CatalogChecks.check(spec)).containsExactly(Problem.error("spec.resources",
                "dependency cycle: sysctl:a.a -> sysctl:b.b -> sysctl:c.c -> sysctl:a.a"));
    }

    @Test
    void selfDependencyIsACycle() {
        NodeCatalog.Spec spec = spec(sysctl("a.a", "sysctl:a.a"));

        assertThat(CatalogChecks.check(spec))
                .containsExactly(Problem.error("spec.resources", "dependency cycle: sysctl:a.a -> sysctl:a.a"));
    }

    @Test
    void cycleReachedFromOutsideNamesOnlyTheCycle() {
        NodeCatalog.Spec spec = spec(sysctl("x.x", "sysctl:a.a"), sysctl("a.a", "sysctl:b.b"),
                sysctl("b.b", "sysctl:a.a"));

        assertThat(CatalogChecks.check(spec)).containsExactly(Problem.error("spec.resources",
                "dependency cycle: sysctl:a.a -> sysctl:b.b -> sysctl:a.a"));
    }

    @Test
    void sharedDependencyIsNotACycle() {
        NodeCatalog.Spec spec = spec(sysctl("d.d"), sysctl("b.b", "sysctl:d.d"), sysctl("c.c", "sysctl:d.d"),
                sysctl("a.a", "sysctl:b.b", "sysctl:c.c"));

        assertThat(CatalogChecks.check(spec)).isEmpty();
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        NodeCatalog.Spec spec = spec(sysctl("a.a", "sysctl:missing"), sysctl("a.a"),
                resource(PackageSpec.any("x"), List.of(), List.of("package:x")));

        assertThat(CatalogChecks.check(spec)).extracting(Problem::path).containsExactlyInAnyOrder(
                "spec.resources[1].id", "spec.resources[0].dependsOn", "spec.resources[2].notify");
    }

    @Test
    void requireWellFormedThrowsWithTheRenderedProblems() {
        NodeCatalog.Spec spec = spec(sysctl("a.a", "sysctl:missing"));

        assertThatThrownBy(() -> CatalogChecks.requireWellFormed(spec))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("malformed catalog: [spec.resources[0].dependsOn: no resource sysctl:missing]");
    }
}
