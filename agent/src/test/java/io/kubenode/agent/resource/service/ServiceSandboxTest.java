package io.kubenode.agent.resource.service;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.file.FileHandler;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Services in sandbox mode: systemctl simulated with unit state files under the root. */
class ServiceSandboxTest {
    private static final String STATE = "/var/lib/kubenode-sandbox/systemd/";

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(new HandlerRegistry(List.of(
            new FileHandler(new HandlerContext(OsFamily.RHEL, HandlerContext.DEFAULT_STATE_DIR, Clock.systemUTC())),
            new ServiceHandler(new SystemctlProvider()))), AgentPolicy.defaults());

    @Test
    void anEmptySandboxConvergesAndKeepsUnitStatesUnderTheRoot() throws HostException {
        SandboxHost host = new SandboxHost(root, Simulations.all());
        NodeCatalog catalog = EngineHarness.catalogOf(new ServiceSpec("containerd", true, ServiceSpec.RUNNING),
                new ServiceSpec("firewalld", false, ServiceSpec.STOPPED), new ServiceSpec("kubelet", true, null));

        Report first = engine.assertIdempotent(catalog, host);

        assertThat(first.changes()).containsExactly("~ service:containerd enabled: disabled -> enabled",
                "~ service:containerd state: inactive -> running", "~ service:kubelet enabled: disabled -> enabled");
        assertThat(read(host, "containerd.service")).isEqualTo("UnitFileState=enabled\nActiveState=active\n");
        assertThat(read(host, "kubelet.service")).isEqualTo("UnitFileState=enabled\nActiveState=inactive\n");
        assertThat(host.read(STATE + "firewalld.service")).as("nothing to change, nothing written").isEmpty();
    }

    @Test
    void aUnitFileAndANotifyingConfigReloadOnceAndRestartOnceInTheSandbox() {
        SandboxHost host = new SandboxHost(root, Simulations.all());
        FileSpec unit = FileSpec.rootOwned("/etc/systemd/system/haproxy.service", "[Service]\n", "0644");
        FileSpec config = FileSpec.rootOwned("/etc/haproxy/haproxy.cfg", "global\n", "0644");
        ServiceSpec haproxy = new ServiceSpec("haproxy", true, ServiceSpec.RUNNING);
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                new CatalogResource(unit.id(), List.of(), List.of(haproxy.id()), unit),
                new CatalogResource(config.id(), List.of(), List.of(haproxy.id()), config),
                new CatalogResource(haproxy.id(), List.of(unit.id(), config.id()), List.of(), haproxy)));

        engine.assertIdempotent(catalog, host);

        assertThat(host.recordedCommands()).containsOnlyOnce("systemctl daemon-reload")
                .contains("systemctl enable -- haproxy", "systemctl start -- haproxy")
                .doesNotContain("systemctl restart -- haproxy");
    }

    private static String read(SandboxHost host, String unit) throws HostException {
        return new String(host.read(STATE + unit).orElseThrow(), StandardCharsets.UTF_8);
    }
}
