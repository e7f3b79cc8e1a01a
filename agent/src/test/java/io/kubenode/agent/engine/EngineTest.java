package io.kubenode.agent.engine;

import io.kubenode.agent.policy.PathPolicy;
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
    private final FakeSysctlHandler sysctl = new FakeSysctlHandler();
    private final Engine engine = new Engine(new HandlerRegistry(List.of(sysctl)), PathPolicy.defaults(),
            Clock.systemUTC());

    @TempDir
    Path root;

    @Test
    void resourcesRunInDependencyOrderKeepingCatalogOrderOtherwise() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                resource(new SysctlSpec("a", "1"), "sysctl:c"),
                resource(new SysctlSpec("b", "1")),
                resource(new SysctlSpec("c", "1"))));

        engine.apply(catalog, new FakeServiceHost(root));

        assertThat(sysctl.applied).containsExactly("sysctl:b", "sysctl:c", "sysctl:a");
    }

    @Test
    void aFailureSkipsItsDependentsTransitivelyAndIndependentsStillRun() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                resource(new SysctlSpec("fail.x", "1")),
                resource(new SysctlSpec("child", "1"), "sysctl:fail.x"),
                resource(new SysctlSpec("grandchild", "1"), "sysctl:child"),
                resource(new SysctlSpec("independent", "1"))));

        Report report = engine.apply(catalog, new FakeServiceHost(root));

        assertThat(states(report)).containsExactly("failed", "skipped", "skipped", "changed");
        assertThat(report.resources().get(0).message()).contains("modprobe fail.x exited 1");
        assertThat(report.resources().get(2).message()).isEqualTo("blocked by sysctl:fail.x");
        assertThat(report.failed()).isTrue();
        assertThat(sysctl.applied).containsExactly("sysctl:independent");
    }

    @Test
    void notReadyIsNotAFailureAndMakesDependentsWait() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                resource(new SysctlSpec("wait.probe", "1")),
                resource(new SysctlSpec("after", "1"), "sysctl:wait.probe")));

        Report report = engine.apply(catalog, new FakeServiceHost(root));

        assertThat(states(report)).containsExactly("not_ready", "not_ready");
        assertThat(report.resources().get(1).message()).isEqualTo("waiting for sysctl:wait.probe");
        assertThat(report.failed()).isFalse();
        assertThat(report.converged()).isFalse();
    }

    @Test
    void planObservesAndDiffsButNeverApplies() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(resource(new SysctlSpec("x", "1"))));

        Report plan = engine.plan(catalog, new FakeServiceHost(root));

        assertThat(plan.changes()).containsExactly("~ sysctl:x null -> 1");
        assertThat(plan.mode()).isEqualTo(Report.PLAN);
        assertThat(sysctl.applied).isEmpty();
    }

    @Test
    void aPathOutsideThePolicyIsRefusedAndNeverApplied() {
        NodeCatalog catalog = EngineHarness.catalog(List.of(resource(new SysctlSpec("path.root.ssh", "1")),
                resource(new SysctlSpec("path.etc.ok", "1"))));

        Report report = engine.apply(catalog, new FakeServiceHost(root));

        assertThat(states(report)).containsExactly("failed", "changed");
        assertThat(report.resources().get(0).message()).startsWith("refused by the path policy: /root/ssh is outside");
        assertThat(sysctl.applied).containsExactly("sysctl:path.etc.ok");
    }

    @Test
    void aNotifiedServiceRestartsOnceAfterAllItsSourcesAndNotOnANoOpPass() {
        ServiceSpec service = new ServiceSpec("containerd", null, ServiceSpec.RUNNING);
        NodeCatalog catalog = EngineHarness.catalog(List.of(
                new CatalogResource("sysctl:one", List.of(), List.of(service.id()), new SysctlSpec("one", "1")),
                new CatalogResource("sysctl:two", List.of(), List.of(service.id()), new SysctlSpec("two", "1")),
                resource(service)));
        FakeServiceHost host = new FakeServiceHost(root);
        Engine withService = new Engine(new HandlerRegistry(List.of(sysctl, new FakeInSyncServiceHandler())),
                PathPolicy.defaults(), Clock.systemUTC());

        Report first = withService.apply(catalog, host);
        Report second = withService.apply(catalog, host);

        assertThat(host.commands).containsExactly("systemctl restart containerd");
        assertThat(first.resources().get(2).changes()).containsExactly("~ service:containerd restarted (notified)");
        assertThat(second.changes()).isEmpty();
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
                if (spec.key().equals("boom")) {
                    throw new IllegalStateException("bug");
                }
                return super.diff(spec, actual);
            }
        };
        Engine withCrash = new Engine(new HandlerRegistry(List.of(crashing)), PathPolicy.defaults(),
                Clock.systemUTC());

        Report report = withCrash.apply(EngineHarness.catalog(List.of(resource(new SysctlSpec("boom", "1")),
                resource(new SysctlSpec("fine", "1")))), new FakeServiceHost(root));

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
