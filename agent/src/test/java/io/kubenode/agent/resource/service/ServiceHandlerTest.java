package io.kubenode.agent.resource.service;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ServiceSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The service resource against {@link FakeSystemctl}: what it observes, the changes it shows, the argv it runs. */
class ServiceHandlerTest {
    private static final ServiceSpec CONTAINERD = new ServiceSpec("containerd", true, ServiceSpec.RUNNING);
    private static final List<String> SHOW = List.of("systemctl", "show",
            "--property=LoadState,UnitFileState,ActiveState", "--", "containerd");

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(
            new HandlerRegistry(List.of(new ServiceHandler(new SystemctlProvider()))), AgentPolicy.defaults());

    @Test
    void enablesAndStartsADisabledStoppedUnitAndPassesTheIdempotenceContract() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "disabled", "inactive");

        Report first = engine.assertIdempotent(EngineHarness.catalogOf(CONTAINERD), host);

        assertThat(first.changes()).containsExactly("~ service:containerd enabled: disabled -> enabled",
                "~ service:containerd state: inactive -> running");
        assertThat(host.commands()).startsWith(SHOW, List.of("systemctl", "enable", "--", "containerd"),
                List.of("systemctl", "start", "--", "containerd"), SHOW);
        assertThat(host.commands().subList(3, host.commands().size())).containsOnly(SHOW);
    }

    @Test
    void observesWithOneSystemctlShowPerService() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "active");

        Report plan = engine.plan(EngineHarness.catalogOf(CONTAINERD), host);

        assertThat(plan.converged()).isTrue();
        assertThat(host.commands()).containsExactly(SHOW);
    }

    @Test
    void disablesAndStopsAUnitWantedOff() {
        FakeSystemctl host = new FakeSystemctl(root).unit("firewalld", "enabled", "active");

        Report first = engine.assertIdempotent(EngineHarness.catalogOf(
                new ServiceSpec("firewalld", false, ServiceSpec.STOPPED)), host);

        assertThat(first.changes()).containsExactly("~ service:firewalld enabled: enabled -> disabled",
                "~ service:firewalld state: active -> stopped");
        assertThat(host.verbs()).containsExactly("show", "disable", "stop", "show", "show");
    }

    @Test
    void leavesUnsetFieldsAlone() {
        FakeSystemctl host = new FakeSystemctl(root).unit("kubelet", "disabled", "failed");

        engine.assertIdempotent(EngineHarness.catalogOf(new ServiceSpec("kubelet", true, null)), host);

        assertThat(host.activeState("kubelet")).as("state is kubeadm's business").isEqualTo("failed");
        assertThat(host.verbs()).containsExactly("show", "enable", "show", "show");
    }

    @Test
    void aStaticUnitCannotBeEnabledAndCountsAsInSync() {
        FakeSystemctl host = new FakeSystemctl(root).unit("systemd-sysctl", "static", "active");

        assertThat(engine.plan(EngineHarness.catalogOf(new ServiceSpec("systemd-sysctl", true, null)), host)
                .converged()).isTrue();
    }

    @Test
    void aFailedUnitIsStoppedButNotRunning() {
        FakeSystemctl host = new FakeSystemctl(root).unit("haproxy", "enabled", "failed");

        assertThat(engine.plan(EngineHarness.catalogOf(new ServiceSpec("haproxy", null, ServiceSpec.STOPPED)), host)
                .converged()).isTrue();
        assertThat(engine.plan(EngineHarness.catalogOf(new ServiceSpec("haproxy", null, ServiceSpec.RUNNING)), host)
                .changes()).containsExactly("~ service:haproxy state: failed -> running");
    }

    @Test
    void aUnitThatDoesNotExistIsPlannedAndFailsOnApplyAsNotFound() {
        FakeSystemctl host = new FakeSystemctl(root);
        NodeCatalog catalog = EngineHarness.catalogOf(CONTAINERD);

        assertThat(engine.plan(catalog, host).changes()).containsExactly(
                "~ service:containerd enabled: not-found -> enabled", "~ service:containerd state: inactive -> running");
        ResourceReport result = engine.apply(catalog, host).resources().get(0);

        assertThat(result.state()).isEqualTo("failed");
        assertThat(result.message()).isEqualTo("service:containerd: unit not found (systemctl show containerd: "
                + "LoadState=not-found); is its package installed?");
        assertThat(host.verbs()).doesNotContain("enable", "start");
    }

    @Test
    void aMaskedUnitIsNotUnmaskedAndEnableFailsWithSystemctlsMessage() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "masked", "inactive");

        ResourceReport result = engine.apply(EngineHarness.catalogOf(CONTAINERD), host).resources().get(0);

        assertThat(result.state()).isEqualTo("failed");
        assertThat(result.message()).isEqualTo("systemctl enable -- containerd exited 1: "
                + "Failed to enable unit: Unit file /etc/systemd/system/containerd.service is masked.");
        assertThat(host.unitFileState("containerd")).isEqualTo("masked");
    }

    @Test
    void anUnknownStateIsAFailureNotAGuess() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "active");

        ResourceReport result = engine.plan(EngineHarness.catalogOf(new ServiceSpec("containerd", null, "paused")),
                host).resources().get(0);

        assertThat(result.state()).isEqualTo("failed");
        assertThat(result.message()).contains("spec.state: expected one of [running, stopped], got 'paused'");
    }

    @Test
    void systemctlOutputIsParsedAsKeyValueLinesInAnyOrder() throws Exception {
        // systemctl prints properties in its own order, not the order asked for
        var reversed = new io.kubenode.agent.host.LocalHost(root) {
            @Override
            public io.kubenode.agent.host.CommandResult run(List<String> argv, java.time.Duration timeout) {
                return new io.kubenode.agent.host.CommandResult(argv, 0,
                        "ActiveState=activating\nUnitFileState=enabled-runtime\nLoadState=loaded\n", "",
                        java.time.Duration.ZERO);
            }
        };

        UnitStatus status = new SystemctlProvider().status("containerd", reversed);

        assertThat(status).isEqualTo(new UnitStatus("loaded", "enabled-runtime", "activating"));
        assertThat(status.enablementIs(true)).isTrue();
        assertThat(status.stateIs(ServiceSpec.RUNNING)).isFalse();
    }
}
