package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Packages in sandbox mode: installs recorded under the root, rpm/dpkg-query answered from that record. */
class PackageSandboxTest {
    private static final String DATABASE = "/var/lib/kubenode-sandbox/packages";
    private static final NodeCatalog CATALOG = EngineHarness.catalogOf(
            new PackageSpec("kubelet", "1.32.2", "kubernetes"), PackageSpec.any("curl"));

    @TempDir
    Path root;

    private static EngineHarness engineFor(OsFamily family) {
        return new EngineHarness(new HandlerRegistry(List.of(PackageHandler.forFamily(family))),
                AgentPolicy.defaults());
    }

    @ParameterizedTest
    @EnumSource(OsFamily.class)
    void anEmptySandboxConvergesInOneApplyAndRecordsTheInstalls(OsFamily family) throws HostException {
        SandboxHost host = new SandboxHost(root, Simulations.all());

        engineFor(family).assertIdempotent(CATALOG, host);

        assertThat(new String(host.read(DATABASE).orElseThrow(), StandardCharsets.UTF_8))
                .isEqualTo("curl 0-sandbox\nkubelet 1.32.2\n");
    }

    @ParameterizedTest
    @EnumSource(OsFamily.class)
    void aRecordedOlderVersionIsPlannedAsAnUpdateAndReplaced(OsFamily family) throws HostException {
        SandboxHost host = new SandboxHost(root, Simulations.all());
        String older = family == OsFamily.DEBIAN ? "1.31.0-1.1" : "1.31.0-150500.1.1";
        host.writeAtomically(DATABASE, ("curl 7.88.1\nkubelet " + older + "\n").getBytes(StandardCharsets.UTF_8),
                FileAttributes.mode("0644"));

        assertThat(engineFor(family).plan(CATALOG, host).changes())
                .containsExactly("~ package:kubelet 1.31.0 -> 1.32.2");
        engineFor(family).assertIdempotent(CATALOG, host);
    }

    @ParameterizedTest
    @EnumSource(OsFamily.class)
    void theSandboxSimulatesTheCommandsItRecords(OsFamily family) {
        SandboxHost host = new SandboxHost(root, Simulations.all());

        engineFor(family).apply(CATALOG, host);

        String install = family == OsFamily.DEBIAN
                ? "env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends --allow-downgrades "
                + "--allow-change-held-packages -- kubelet=1.32.2-*"
                : "dnf install -y --allowerasing --disableexcludes=kubernetes -- kubelet-1.32.2";
        assertThat(host.recordedCommands()).contains(install);
    }
}
