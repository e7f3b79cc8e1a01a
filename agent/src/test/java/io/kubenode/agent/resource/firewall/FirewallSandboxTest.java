package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.FirewallSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sandbox agents (the controller's end-to-end tests, deploy/demo.sh) get {@code firewall:system} in mode auto: the
 * whole registry, through the engine, finds it in sync with its reason and asks the sandbox for no command.
 */
class FirewallSandboxTest {

    @Test
    void autoIsInSyncOnASandboxRootWithTheReasonAndNoCommand(@TempDir Path root) throws Exception {
        SandboxHost host = new SandboxHost(root, Simulations.all());
        NodeCatalog catalog = EngineHarness.catalogOf(new FirewallSpec("system", "auto", null, "192.0.2.61",
                List.of("6443/tcp", "30000-32767/tcp"), List.of(new FirewallSpec.ProtocolFromSources("vrrp",
                        List.of("192.0.2.62")))));

        Report report = new EngineHarness(OsFamily.RHEL).apply(catalog, host);

        assertThat(report.converged()).isTrue();
        ResourceReport firewall = report.resources().get(0);
        assertThat(firewall.state()).isEqualTo("in_sync");
        assertThat(firewall.message()).isEqualTo("no firewall to open: firewalld is not installed");
        assertThat(host.recordedCommands()).isEmpty();
    }

    @Test
    void firewalldModeFailsThereWithTheReason(@TempDir Path root) throws Exception {
        SandboxHost host = new SandboxHost(root, Simulations.all());
        NodeCatalog catalog = EngineHarness.catalogOf(new FirewallSpec("system", "firewalld", "public", null,
                List.of("6443/tcp"), List.of()));

        ResourceReport firewall = new EngineHarness(OsFamily.RHEL).apply(catalog, host).resources().get(0);

        assertThat(firewall.state()).isEqualTo("failed");
        assertThat(firewall.message()).startsWith("firewall:system: firewalld is not installed");
        assertThat(host.recordedCommands()).isEmpty();
    }
}
