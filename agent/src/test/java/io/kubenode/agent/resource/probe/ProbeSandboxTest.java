package io.kubenode.agent.resource.probe;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.TreeSnapshot;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sandbox mode: nothing is contacted. The CRI probe follows the systemctl simulation (healthy once the unit named
 * after the socket runs); https probes are taken as healthy, and every probe is listed as simulated.
 */
class ProbeSandboxTest {
    private static final ProbeSpec CRI = new ProbeSpec("containerd-cri", ProbeSpec.CRI_SOCKET,
            "/run/containerd/containerd.sock", null, 5);
    private static final ProbeSpec APISERVER = new ProbeSpec("apiserver", ProbeSpec.HTTPS,
            "https://node1.internal:6443/healthz", "/etc/kubernetes/pki/ca.crt", 5);

    @TempDir
    Path root;
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void theCriProbeIsInSyncOnceTheServiceItDependsOnRunsInTheSimulation() {
        ServiceSpec containerd = new ServiceSpec("containerd", true, ServiceSpec.RUNNING);
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                new CatalogResource(containerd.id(), List.of(), List.of(), containerd),
                new CatalogResource(CRI.id(), List.of(containerd.id()), List.of(), CRI)));
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report first = engine.assertIdempotent(catalog, sandbox);

        assertThat(first.resources().get(1).state()).isEqualTo("in_sync");
        assertThat(sandbox.recordedCommands()).contains("probe unix:///run/containerd/containerd.sock "
                + "(sandbox: simulated from the systemctl simulation)");
    }

    @Test
    void theCriProbeIsNotReadyWhileNoSimulatedUnitServesTheSocket() {
        Report report = engine.apply(EngineHarness.catalogOf(CRI), new SandboxHost(root, Simulations.all()));

        assertThat(report.resources().get(0).state()).isEqualTo("not_ready");
        assertThat(report.resources().get(0).message()).isEqualTo("probe:containerd-cri: sandbox: no unit serving "
                + "/run/containerd/containerd.sock runs in the systemctl simulation (looked for containerd.service)");
    }

    @Test
    void anHttpsProbeIsTakenAsHealthyWithoutContactAndListedAsSimulated() {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report report = engine.apply(EngineHarness.catalogOf(APISERVER), sandbox);

        assertThat(report.converged()).isTrue();
        assertThat(sandbox.recordedCommands()).containsExactly("probe https://node1.internal:6443/healthz "
                + "(sandbox: not contacted, taken as healthy)");
    }

    @Test
    void probesWriteNothingUnderTheSandboxRoot() {
        var before = TreeSnapshot.of(root);
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        engine.plan(EngineHarness.catalogOf(CRI, APISERVER), sandbox);
        engine.apply(EngineHarness.catalogOf(CRI, APISERVER), sandbox);

        assertThat(TreeSnapshot.of(root)).isEqualTo(before);
    }
}
