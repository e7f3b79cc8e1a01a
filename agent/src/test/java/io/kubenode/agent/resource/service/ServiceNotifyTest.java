package io.kubenode.agent.resource.service;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
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

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Services together with the files they depend on, through the engine: daemon-reload once after unit files
 * changed, restarts once per pass after every notifying source, and no restart that is not needed.
 */
class ServiceNotifyTest {
    private static final String CONTAINERD = "service:containerd";
    private static final List<String> RESTART = List.of("systemctl", "restart", "--", "containerd");
    private static final List<String> RELOAD = List.of("systemctl", "daemon-reload");

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(new HandlerRegistry(List.of(
            new FileHandler(new HandlerContext(OsFamily.RHEL, HandlerContext.DEFAULT_STATE_DIR, Clock.systemUTC())),
            new ServiceHandler(new SystemctlProvider()))), AgentPolicy.defaults());

    private static CatalogResource file(String path, String content, String... notifies) {
        FileSpec spec = FileSpec.rootOwned(path, content, "0644");
        return new CatalogResource(spec.id(), List.of(), List.of(notifies), spec);
    }

    private static CatalogResource service(ServiceSpec spec, String... dependsOn) {
        return new CatalogResource(spec.id(), List.of(dependsOn), List.of(), spec);
    }

    private static NodeCatalog containerdWithTwoConfigFiles(ServiceSpec containerd) {
        return EngineHarness.catalog(List.of(
                file("/etc/containerd/config.toml", "version = 2\n", CONTAINERD),
                file("/etc/containerd/certs.d/docker.io/hosts.toml", "server = \"https://registry-1.docker.io\"\n",
                        CONTAINERD),
                service(containerd, "file:/etc/containerd/config.toml",
                        "file:/etc/containerd/certs.d/docker.io/hosts.toml")));
    }

    @Test
    void newUnitFilesAreLoadedWithOneDaemonReloadBeforeTheirServicesAreTouched() {
        FakeSystemctl host = new FakeSystemctl(root);
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                file("/etc/systemd/system/kubenode-demo.service", "[Service]\nExecStart=/bin/true\n"),
                file("/etc/systemd/system/kubenode-other.service", "[Service]\nExecStart=/bin/true\n"),
                service(new ServiceSpec("kubenode-demo", true, ServiceSpec.RUNNING),
                        "file:/etc/systemd/system/kubenode-demo.service"),
                service(new ServiceSpec("kubenode-other", true, ServiceSpec.RUNNING),
                        "file:/etc/systemd/system/kubenode-other.service")));

        engine.assertIdempotent(catalog, host);

        assertThat(host.count(RELOAD.toArray(String[]::new))).isEqualTo(1);
        assertThat(host.verbs()).containsSubsequence("show", "daemon-reload", "show", "enable", "start", "show",
                "enable", "start");
        assertThat(host.activeState("kubenode-demo")).isEqualTo("active");
        assertThat(host.activeState("kubenode-other")).isEqualTo("active");
    }

    @Test
    void twoChangedSourcesRestartTheServiceOnceAfterBoth() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "active");

        Report first = engine.assertIdempotent(
                containerdWithTwoConfigFiles(new ServiceSpec("containerd", true, ServiceSpec.RUNNING)), host);

        assertThat(host.count(RESTART.toArray(String[]::new))).isEqualTo(1);
        assertThat(first.resources().get(2).changes()).containsExactly("~ service:containerd restarted (notified)");
        assertThat(host.count(RELOAD.toArray(String[]::new))).as("no unit file changed").isZero();
    }

    @Test
    void aPassThatChangesNothingRestartsNothing() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "active");
        NodeCatalog catalog = containerdWithTwoConfigFiles(new ServiceSpec("containerd", true, ServiceSpec.RUNNING));
        engine.apply(catalog, host);
        host.forgetCommands();

        Report second = engine.apply(catalog, host);

        assertThat(second.converged()).isTrue();
        assertThat(host.verbs()).containsOnly("show");
    }

    @Test
    void aServiceThisPassStartedIsNotRestartedAgain() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "inactive");

        Report first = engine.apply(
                containerdWithTwoConfigFiles(new ServiceSpec("containerd", true, ServiceSpec.RUNNING)), host);

        assertThat(first.resources().get(2).changes()).containsExactly("~ service:containerd state: inactive -> running");
        assertThat(host.count("systemctl", "start", "--", "containerd")).isEqualTo(1);
        assertThat(host.verbs()).doesNotContain("restart", "try-restart");
    }

    @Test
    void aRunningServiceThisPassOnlyEnabledIsStillRestartedWhenNotified() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "disabled", "active");

        Report first = engine.apply(
                containerdWithTwoConfigFiles(new ServiceSpec("containerd", true, ServiceSpec.RUNNING)), host);

        assertThat(first.resources().get(2).changes()).containsExactly(
                "~ service:containerd enabled: disabled -> enabled", "~ service:containerd restarted (notified)");
        assertThat(host.verbs()).containsSubsequence("enable", "restart");
        assertThat(host.count(RESTART.toArray(String[]::new))).isEqualTo(1);
    }

    @Test
    void aChangedUnitFileThatNotifiesItsServiceReloadsSystemdBeforeTheRestart() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "active");
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                file("/etc/systemd/system/containerd.service", "[Service]\nExecStart=/usr/local/bin/containerd\n",
                        CONTAINERD),
                service(new ServiceSpec("containerd", true, ServiceSpec.RUNNING),
                        "file:/etc/systemd/system/containerd.service")));

        engine.assertIdempotent(catalog, host);

        assertThat(host.commands()).containsSubsequence(RELOAD, RESTART);
        assertThat(host.count(RELOAD.toArray(String[]::new))).isEqualTo(1);
        assertThat(host.count(RESTART.toArray(String[]::new))).isEqualTo(1);
    }

    @Test
    void aNotifiedServiceWithUnmanagedStateIsRestartedOnlyIfItRuns() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "inactive");

        engine.apply(containerdWithTwoConfigFiles(new ServiceSpec("containerd", true, null)), host);

        assertThat(host.count("systemctl", "try-restart", "--", "containerd")).isEqualTo(1);
        assertThat(host.activeState("containerd")).isEqualTo("inactive");
    }

    @Test
    void aNotifiedServiceWantedStoppedIsNotRestarted() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "enabled", "inactive");

        engine.apply(containerdWithTwoConfigFiles(new ServiceSpec("containerd", null, ServiceSpec.STOPPED)), host);

        assertThat(host.verbs()).containsOnly("show");
    }

    @Test
    void aNotifiedServiceThatFailedIsNotRestarted() {
        FakeSystemctl host = new FakeSystemctl(root).unit("containerd", "masked", "inactive");

        Report report = engine.apply(
                containerdWithTwoConfigFiles(new ServiceSpec("containerd", true, ServiceSpec.RUNNING)), host);

        assertThat(report.resources().get(2).state()).isEqualTo("failed");
        assertThat(host.verbs()).doesNotContain("restart");
    }
}
