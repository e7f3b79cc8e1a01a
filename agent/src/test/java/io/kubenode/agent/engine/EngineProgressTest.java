package io.kubenode.agent.engine;

import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.policy.PathPolicy;
import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.SysctlSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The engine tells its progress listener when each apply starts and ends, and only for applies. */
class EngineProgressTest {
    private static final AgentPolicy POLICY = new AgentPolicy(PathPolicy.defaults(),
            AgentPolicyDefaults.VALIDATE_COMMANDS, List.of("net.", "fail."));
    private final FakeSysctlHandler sysctl = new FakeSysctlHandler();
    private final Engine engine = new Engine(new HandlerRegistry(List.of(sysctl)), POLICY, Clock.systemUTC());
    private final List<String> events = new ArrayList<>();

    @TempDir
    Path root;

    private final ProgressListener recorder = new ProgressListener() {
        @Override
        public void started(RunningResource resource) {
            events.add("started " + resource.id() + " (" + resource.activity() + ") applied so far "
                    + sysctl.applied);
        }

        @Override
        public void finished(RunningResource resource) {
            events.add("finished " + resource.id() + " applied so far " + sysctl.applied);
        }
    };

    @Test
    void eachApplyIsBracketedByStartedAndFinishedEvenWhenItFails() {
        sysctl.values.put("net.b", "1");
        Report report = engine.apply(EngineHarness.catalogOf(new SysctlSpec("net.a", "1"),
                new SysctlSpec("net.b", "1"), new SysctlSpec("fail.c", "1")), new LocalHost(root), recorder);

        assertThat(report.failed()).isTrue();
        assertThat(events).containsExactly(
                "started sysctl:net.a (apply of sysctl:net.a) applied so far []",
                "finished sysctl:net.a applied so far [sysctl:net.a]",
                "started sysctl:fail.c (apply of sysctl:fail.c) applied so far [sysctl:net.a]",
                "finished sysctl:fail.c applied so far [sysctl:net.a]");
    }

    @Test
    void aPlanAppliesNothingAndTellsNothing() {
        engine.plan(EngineHarness.catalogOf(new SysctlSpec("net.a", "1")), new LocalHost(root));
        assertThat(events).isEmpty();
    }

    @Test
    void aFailingListenerNeverFailsTheResource() {
        ProgressListener broken = new ProgressListener() {
            @Override
            public void started(RunningResource resource) {
                throw new IllegalStateException("listener broken");
            }

            @Override
            public void finished(RunningResource resource) {
                throw new IllegalStateException("listener broken");
            }
        };

        Report report = engine.apply(EngineHarness.catalogOf(new SysctlSpec("net.a", "1")), new LocalHost(root),
                broken);

        assertThat(report.resources()).extracting(ResourceReport::state).containsExactly("changed");
    }
}
