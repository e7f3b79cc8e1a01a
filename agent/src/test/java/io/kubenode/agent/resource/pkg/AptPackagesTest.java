package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The package resource's installs on the Debian family (apt-get), against {@link FakeApt}. */
class AptPackagesTest {
    private static final PackageSpec KUBELET = new PackageSpec("kubelet", "1.32.2", "kubernetes");
    private static final PackageSpec TMUX = PackageSpec.any("tmux");

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(
            new HandlerRegistry(List.of(new PackageHandler(new AptProvider()))), AgentPolicy.defaults());

    private FakeApt archiveHost() {
        return new FakeApt(root).available("kubelet", "1.31.0-1.1", "1.32.2-1.1", "1.32.20-1.1")
                .available("tmux", "3.3a-3");
    }

    @Test
    void installsNonInteractivelyAtTheUpstreamVersionAnyRevisionAndPassesTheIdempotenceContract() {
        FakeApt host = archiveHost();
        NodeCatalog catalog = EngineHarness.catalogOf(KUBELET, TMUX);

        Report first = engine.assertIdempotent(catalog, host);

        assertThat(first.changes()).containsExactly("+ package:kubelet 1.32.2", "+ package:tmux");
        assertThat(host.commands()).contains(
                List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                        "--no-install-recommends", "--allow-downgrades", "--allow-change-held-packages", "--",
                        "kubelet=1.32.2-*"),
                List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                        "--no-install-recommends", "--", "tmux"));
        assertThat(host.installedVersion("kubelet")).isEqualTo("1.32.2-1.1");
    }

    @Test
    void aDifferentInstalledVersionIsShownOnTheUpstreamPartAndDowngraded() {
        FakeApt host = archiveHost().installed("kubelet", "1.32.20-1.1");
        NodeCatalog catalog = EngineHarness.catalogOf(KUBELET);

        assertThat(engine.plan(catalog, host).changes()).containsExactly("~ package:kubelet 1.32.20 -> 1.32.2");
        engine.assertIdempotent(catalog, host);

        assertThat(host.installedVersion("kubelet")).isEqualTo("1.32.2-1.1");
    }

    @Test
    void queriesAllPackagesOfAPassWithOneDpkgQueryCall() {
        FakeApt host = archiveHost().available("curl", "7.88.1-10+deb12u8").installed("kubelet", "1.32.2-1.1")
                .installed("tmux", "3.3a-3");

        Report report = engine.apply(EngineHarness.catalogOf(KUBELET, TMUX, PackageSpec.any("curl")), host);

        assertThat(report.changes()).isEqualTo(List.of("+ package:curl"));
        assertThat(host.commands().get(0)).isEqualTo(List.of("dpkg-query", "-W", "-f",
                "${Package} ${Version} ${db:Status-Status}\\n", "--", "kubelet", "tmux", "curl"));
        assertThat(host.commands().stream().filter(argv -> argv.get(0).equals("dpkg-query"))).hasSize(2);
    }

    @Test
    void staleListsAreUpdatedOnceAndTheInstallRetried() {
        FakeApt host = archiveHost().withStaleLists();

        engine.assertIdempotent(EngineHarness.catalogOf(TMUX), host);

        assertThat(host.commands().stream().filter(argv -> argv.get(0).equals("env")).map(argv -> argv.get(3)))
                .containsExactly("install", "update", "install");
    }

    @Test
    void aVersionTheRepositoryLacksFailsEveryPackageAfterOneListUpdatePerPass() {
        FakeApt host = archiveHost().available("kubeadm", "1.32.2-1.1");
        NodeCatalog catalog = EngineHarness.catalogOf(new PackageSpec("kubelet", "1.32.3", "kubernetes"),
                new PackageSpec("kubeadm", "1.32.3", "kubernetes"));

        Report first = engine.apply(catalog, host);
        Report second = engine.apply(catalog, host);

        assertThat(first.resources()).extracting(ResourceReport::state).containsExactly("failed", "failed");
        assertThat(first.resources().get(1).message()).endsWith("E: Version '1.32.3-*' for 'kubeadm' was not found");
        assertThat(second.failed()).isTrue();
        assertThat(host.commands().stream().filter(argv -> argv.get(0).equals("env")).map(argv -> argv.get(3)))
                .as("one update per pass, not one per package")
                .containsExactly("install", "update", "install", "install", "install", "update", "install",
                        "install");
    }

    @Test
    void aPackageTheArchiveDoesNotHaveFailsWithArgvExitCodeAndStderr() {
        FakeApt host = archiveHost();

        ResourceReport result = engine.apply(EngineHarness.catalogOf(PackageSpec.any("no-such-tool")), host)
                .resources().get(0);

        assertThat(result.state()).isEqualTo("failed");
        assertThat(result.message()).isEqualTo("env DEBIAN_FRONTEND=noninteractive apt-get install -y "
                + "--no-install-recommends -- no-such-tool exited 100: E: Unable to locate package no-such-tool");
    }

    @Test
    void theUpstreamPartDropsEpochAndDebianRevision() {
        AptProvider apt = new AptProvider();

        assertThat(apt.upstream("1:2.36-9+deb12u4")).isEqualTo("2.36");
        assertThat(apt.upstream("5.2.15-2+b8")).isEqualTo("5.2.15");
        assertThat(apt.upstream("1.2.3")).isEqualTo("1.2.3");
        assertThat(apt.matches("1.32.2", "1.32.2-1.1")).isTrue();
        assertThat(apt.matches("1.32.2-1.1", "1.32.2-1.1")).isTrue();
        assertThat(apt.matches("1.32.2", "1.32.20-1.1")).isFalse();
    }

    @Test
    void aPinWithADebianRevisionIsInstalledExactly() {
        assertThat(AptProvider.installArgv(new PackageSpec("kubelet", "1.32.2-1.1", null)))
                .endsWith("--allow-downgrades", "--", "kubelet=1.32.2-1.1");
    }
}
