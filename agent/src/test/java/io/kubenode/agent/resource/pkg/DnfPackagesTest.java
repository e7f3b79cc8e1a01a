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

/**
 * The package resource on the RHEL family (rpm + dnf/yum), against {@link FakeRpmDnf}: what real dnf cannot show
 * here (yum, a broken rpm database, the commands of a pass). Installs, the second pass, up- and downgrades, the
 * exclude and a missing version run against real dnf in the controller's RealDnfProviderIT.
 */
class DnfPackagesTest {
    private static final PackageSpec KUBELET = new PackageSpec("kubelet", "1.32.2", "kubernetes");
    private static final PackageSpec KUBEADM = new PackageSpec("kubeadm", "1.32.2", "kubernetes");
    private static final PackageSpec CURL = PackageSpec.any("curl");
    private static final PackageSpec TMUX = PackageSpec.any("tmux");

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(
            new HandlerRegistry(List.of(new PackageHandler(new DnfProvider()))), AgentPolicy.defaults());

    private FakeRpmDnf kubernetesRepoHost() {
        return new FakeRpmDnf(root)
                .available("kubelet", "1.31.0-150500.1.1", "1.32.2-150500.1.1", "1.32.3-150500.1.1")
                .available("kubeadm", "1.32.2-150500.1.1")
                .available("curl", "7.76.1-29.el9")
                .available("tmux", "3.2a-5.el9")
                .excludedBy("kubernetes", "kubelet")
                .excludedBy("kubernetes", "kubeadm");
    }

    @Test
    void queriesAllPackagesOfAPassWithOneRpmCall() {
        FakeRpmDnf host = kubernetesRepoHost().installed("curl", "7.76.1-29.el9").installed("tmux", "3.2a-5.el9")
                .installed("kubelet", "1.32.2-150500.1.1").installed("kubeadm", "1.32.2-150500.1.1");
        NodeCatalog catalog = EngineHarness.catalogOf(KUBELET, KUBEADM, CURL, TMUX);

        Report report = engine.apply(catalog, host);

        assertThat(report.converged()).as("%s", report.resources()).isTrue();
        assertThat(host.commands()).containsExactly(List.of("rpm", "-q", "--queryformat",
                "%{NAME} %{VERSION}-%{RELEASE}\\n", "--", "kubelet", "kubeadm", "curl", "tmux"));
    }

    @Test
    void installsMissingPackagesPinnedWithDisableexcludesAndPassesTheIdempotenceContract() {
        FakeRpmDnf host = kubernetesRepoHost().installed("curl", "7.76.1-29.el9");
        NodeCatalog catalog = EngineHarness.catalogOf(KUBELET, KUBEADM, CURL, TMUX);

        Report first = engine.assertIdempotent(catalog, host);

        assertThat(first.changes()).containsExactly("+ package:kubelet 1.32.2", "+ package:kubeadm 1.32.2",
                "+ package:tmux");
        assertThat(host.commands()).contains(
                List.of("dnf", "install", "-y", "--allowerasing", "--disableexcludes=kubernetes", "--",
                        "kubelet-1.32.2"),
                List.of("dnf", "install", "-y", "--allowerasing", "--disableexcludes=kubernetes", "--",
                        "kubeadm-1.32.2"),
                List.of("dnf", "install", "-y", "--allowerasing", "--", "tmux"));
        assertThat(host.installedVersion("kubelet")).isEqualTo("1.32.2-150500.1.1");
        assertThat(host.commands()).as("dnf looked for once, not per install")
                .containsOnlyOnce(List.of("dnf", "--version"));
    }

    @Test
    void aPassWithNothingToInstallRunsOnlyTheOneQuery() {
        FakeRpmDnf host = kubernetesRepoHost();
        NodeCatalog catalog = EngineHarness.catalogOf(KUBELET, KUBEADM, CURL, TMUX);
        engine.apply(catalog, host);
        host.forgetCommands();

        Report second = engine.apply(catalog, host);

        assertThat(second.converged()).isTrue();
        assertThat(host.count("rpm")).isEqualTo(1);
        assertThat(host.commands()).hasSize(1);
    }

    @Test
    void anInstalledPackageIsReadAgainAfterItsInstallNotServedFromThePassQuery() {
        FakeRpmDnf host = kubernetesRepoHost();
        NodeCatalog catalog = EngineHarness.catalogOf(KUBELET, CURL);

        engine.apply(catalog, host);

        // one batch for the pass, then one check per install: dnf exiting 0 is not taken on trust
        assertThat(host.commands().stream().filter(argv -> argv.get(0).equals("rpm")).map(argv -> argv.subList(5,
                argv.size()))).containsExactly(List.of("kubelet", "curl"), List.of("kubelet"), List.of("curl"));
    }

    @Test
    void theRpmReleaseSuffixSatisfiesAnUpstreamPinButALongerVersionDoesNot() {
        DnfProvider dnf = new DnfProvider();

        assertThat(dnf.matches("1.32.2", "1.32.2-150500.1.1")).isTrue();
        assertThat(dnf.matches("1.32.2-150500.1.1", "1.32.2-150500.1.1")).isTrue();
        assertThat(dnf.matches("1.32.2", "1.32.20-150500.1.1")).isFalse();
        assertThat(dnf.matches("1.32.2-150500.1.2", "1.32.2-150500.1.1")).isFalse();
    }

    @Test
    void anUnpinnedPackageIsInSyncAtAnyVersion() {
        FakeRpmDnf host = kubernetesRepoHost().installed("curl", "7.61.1-22.el8");

        assertThat(engine.plan(EngineHarness.catalogOf(CURL), host).converged()).isTrue();
    }

    @Test
    void withoutDnfYumDowngradesANewerInstalledVersion() {
        FakeRpmDnf host = kubernetesRepoHost().withoutDnf().installed("kubelet", "1.32.3-150500.1.1");

        engine.assertIdempotent(EngineHarness.catalogOf(KUBELET), host);

        assertThat(host.commands()).contains(
                List.of("yum", "downgrade", "-y", "--disableexcludes=kubernetes", "--", "kubelet-1.32.2"));
        assertThat(host.installedVersion("kubelet")).isEqualTo("1.32.2-150500.1.1");
    }

    @Test
    void withoutDnfYumUpdatesAnOlderInstalledVersion() {
        FakeRpmDnf host = kubernetesRepoHost().withoutDnf().installed("kubelet", "1.31.0-150500.1.1");

        engine.apply(EngineHarness.catalogOf(KUBELET), host);

        assertThat(host.commands()).contains(
                List.of("yum", "update", "-y", "--disableexcludes=kubernetes", "--", "kubelet-1.32.2"));
    }

    @Test
    void anInstallThatExitsZeroWithoutInstallingIsAFailure() {
        FakeRpmDnf host = kubernetesRepoHost().withoutDnf();

        ResourceReport result = engine.apply(EngineHarness.catalogOf(PackageSpec.any("no-such-tool")), host)
                .resources().get(0);

        assertThat(result.state()).isEqualTo("failed");
        assertThat(result.message()).isEqualTo(
                "installing no-such-tool reported success but rpm then found it not installed");
    }

    @Test
    void aBrokenRpmDatabaseFailsEveryPackageWithRpmsError() {
        FakeRpmDnf host = kubernetesRepoHost().brokenRpmdb("error: rpmdb: damaged header #42 retrieved");

        Report report = engine.plan(EngineHarness.catalogOf(KUBELET, CURL), host);

        assertThat(report.resources()).allSatisfy(resource -> {
            assertThat(resource.state()).isEqualTo("failed");
            assertThat(resource.message()).contains("rpm -q --queryformat").contains("exited 1")
                    .contains("damaged header #42");
        });
        assertThat(host.count("rpm")).as("the failed batch is not retried per package").isEqualTo(1);
    }
}
