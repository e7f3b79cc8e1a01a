package io.kubenode.agent.engine;

import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.policy.PathPolicy;
import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.catalog.SysctlSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class EngineTest {
    /** The fake handler's keys: plain ones under net., and the prefixes that make it wait, fail or write a path. */
    private static final AgentPolicy POLICY = new AgentPolicy(PathPolicy.defaults(),
            AgentPolicyDefaults.VALIDATE_COMMANDS, List.of("net.", "wait.", "fail.", "path."));
    private final FakeSysctlHandler sysctl = new FakeSysctlHandler();
    private final Engine engine = new Engine(new HandlerRegistry(List.of(sysctl)), POLICY,
            Clock.systemUTC());

    @TempDir
    Path root;

    @Test
    void resourcesRunInDependencyOrderKeepingCatalogOrderOtherwise() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                resource(new SysctlSpec("net.a", "1"), "sysctl:net.c"),
                resource(new SysctlSpec("net.b", "1")),
                resource(new SysctlSpec("net.c", "1"))));

        engine.apply(catalog, new FakeServiceHost(root));

        assertThat(sysctl.applied).containsExactly("sysctl:net.b", "sysctl:net.c", "sysctl:net.a");
    }

    @Test
    void aFailureSkipsItsDependentsTransitivelyAndIndependentsStillRun() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                resource(new SysctlSpec("fail.x", "1")),
                resource(new SysctlSpec("net.child", "1"), "sysctl:fail.x"),
                resource(new SysctlSpec("net.grandchild", "1"), "sysctl:net.child"),
                resource(new SysctlSpec("net.independent", "1"))));

        Report report = engine.apply(catalog, new FakeServiceHost(root));

        assertThat(states(report)).containsExactly("failed", "skipped", "skipped", "changed");
        assertThat(report.resources().get(0).message()).contains("modprobe fail.x exited 1");
        assertThat(report.resources().get(2).message()).isEqualTo("blocked by sysctl:fail.x");
        assertThat(report.failed()).isTrue();
        assertThat(sysctl.applied).containsExactly("sysctl:net.independent");
    }

    @Test
    void notReadyIsNotAFailureAndMakesDependentsWait() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                resource(new SysctlSpec("wait.probe", "1")),
                resource(new SysctlSpec("net.after", "1"), "sysctl:wait.probe")));

        Report report = engine.apply(catalog, new FakeServiceHost(root));

        assertThat(states(report)).containsExactly("not_ready", "not_ready");
        assertThat(report.resources().get(1).message()).isEqualTo("waiting for sysctl:wait.probe");
        assertThat(report.failed()).isFalse();
        assertThat(report.converged()).isFalse();
    }

    @Test
    void planObservesAndDiffsButNeverApplies() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(resource(new SysctlSpec("net.x", "1"))));

        Report plan = engine.plan(catalog, new FakeServiceHost(root));

        assertThat(plan.changes()).containsExactly("~ sysctl:net.x null -> 1");
        assertThat(plan.mode()).isEqualTo(Report.PLAN);
        assertThat(sysctl.applied).isEmpty();
    }

    @Test
    void aPathOutsideThePolicyIsRefusedAndNeverApplied() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(resource(new SysctlSpec("path.root.ssh", "1")),
                resource(new SysctlSpec("path.etc.containerd.ok", "1"))));

        Report report = engine.apply(catalog, new FakeServiceHost(root));

        assertThat(states(report)).containsExactly("failed", "changed");
        assertThat(report.resources().get(0).message()).startsWith("refused by the path policy: /root/ssh is outside");
        assertThat(sysctl.applied).containsExactly("sysctl:path.etc.containerd.ok");
    }

    @Test
    void aNotifiedServiceRestartsOnceAfterAllItsSourcesAndNotOnANoOpPass() {
        ServiceSpec service = new ServiceSpec("containerd", null, ServiceSpec.RUNNING);
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                new CatalogResource("sysctl:net.one", List.of(), List.of(service.id()),
                        new SysctlSpec("net.one", "1")),
                new CatalogResource("sysctl:net.two", List.of(), List.of(service.id()),
                        new SysctlSpec("net.two", "1")),
                resource(service)));
        FakeServiceHost host = new FakeServiceHost(root);
        Engine withService = new Engine(new HandlerRegistry(List.of(sysctl, new FakeInSyncServiceHandler())),
                POLICY, Clock.systemUTC());

        Report first = withService.apply(catalog, host);
        Report second = withService.apply(catalog, host);

        assertThat(host.commands).containsExactly("systemctl restart -- containerd");
        assertThat(first.resources().get(2).changes()).containsExactly("~ service:containerd restarted (notified)");
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void aStopMidPassTriesNothingMoreButStillRestartsWhatItsChangesNotified() {
        ServiceSpec service = new ServiceSpec("containerd", null, ServiceSpec.RUNNING);
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                new CatalogResource("sysctl:net.one", List.of(), List.of(service.id()),
                        new SysctlSpec("net.one", "1")),
                resource(new SysctlSpec("net.two", "1")),
                resource(service)));
        FakeServiceHost host = new FakeServiceHost(root);
        Engine withService = new Engine(new HandlerRegistry(List.of(sysctl, new FakeInSyncServiceHandler())),
                POLICY, Clock.systemUTC());

        // SIGTERM arrives while the first resource applies
        Report report = withService.apply(catalog, host, ProgressListener.NONE, () -> !sysctl.applied.isEmpty());

        assertThat(sysctl.applied).containsExactly("sysctl:net.one");
        assertThat(states(report)).containsExactly("changed", "not_ready", "changed");
        assertThat(report.resources().get(1).message()).isEqualTo(Engine.NOT_TRIED_STOPPING);
        assertThat(host.commands).as("the next pass finds net.one in sync and would never notify again")
                .containsExactly("systemctl restart -- containerd");
    }

    @Test
    void aChangedUnitFileIsReloadedOnceEvenWithoutAServiceInThePass() {
        FakeServiceHost host = new FakeServiceHost(root);
        EngineHarness real = new EngineHarness(io.kubenode.common.cluster.OsFamily.RHEL);
        NodeCatalog catalog = EngineHarness.catalogOf(
                io.kubenode.common.catalog.FileSpec.rootOwned("/etc/systemd/system/a.service", "[Unit]\n", "0644"),
                io.kubenode.common.catalog.FileSpec.rootOwned("/etc/systemd/system/b.service", "[Unit]\n", "0644"));

        real.apply(catalog, host);
        real.apply(catalog, host);

        assertThat(host.commands).containsExactly("systemctl daemon-reload");
    }

    @Test
    void aHandlerCrashIsAFailureOfThatResourceOnly() {
        FakeSysctlHandler crashing = new FakeSysctlHandler() {
            @Override
            public List<Change> diff(SysctlSpec spec, String actual) {
                if (spec.key().equals("net.boom")) {
                    throw new IllegalStateException("bug");
                }
                return super.diff(spec, actual);
            }
        };
        Engine withCrash = new Engine(new HandlerRegistry(List.of(crashing)), POLICY,
                Clock.systemUTC());

        Report report = withCrash.apply(EngineHarness.catalog(List.of(resource(new SysctlSpec("net.boom", "1")),
                resource(new SysctlSpec("net.fine", "1")))), new FakeServiceHost(root));

        assertThat(states(report)).containsExactly("failed", "changed");
        assertThat(report.resources().get(0).message()).contains("internal error", "bug");
    }

    private static CatalogResource resource(ResourceSpec spec, String... dependsOn) {
        return new CatalogResource(spec.id(), List.of(dependsOn), List.of(), spec);
    }

    private static List<String> states(Report report) {
        return report.resources().stream().map(ResourceReport::state).toList();
    }

    /** A service that is always observed as it should be: only the engine's notify restart can touch it. */
    private static final class FakeInSyncServiceHandler implements ResourceHandler<ServiceSpec, String> {
        @Override
        public Class<ServiceSpec> specType() {
            return ServiceSpec.class;
        }

        @Override
        public String observe(ServiceSpec spec, io.kubenode.agent.host.Host host) {
            return spec.state();
        }

        @Override
        public List<Change> diff(ServiceSpec spec, String actual) {
            return List.of();
        }

        @Override
        public void apply(ServiceSpec spec, String actual, List<Change> changes, io.kubenode.agent.host.Host host,
                          Pass pass) {
            throw new AssertionError("in sync: never applied");
        }
    }
}
