package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.agent.state.StateDir;

import java.nio.file.Path;
import java.time.Clock;
import java.util.SplittableRandom;

/** The daemon as the tests run it: over a sandbox root, on a thread of its own, stopped by interrupting that. */
final class SandboxDaemon {
    private SandboxDaemon() {
    }

    static Thread start(Path root, CatalogSource source, AgentMetrics metrics, PassSchedule schedule,
                        PassListener listener) {
        return start(new SandboxHost(root, Simulations.all()), source, metrics, schedule, listener);
    }

    static Thread start(Host host, CatalogSource source, AgentMetrics metrics, PassSchedule schedule,
                        PassListener listener) {
        AgentDaemon daemon = new AgentDaemon(
                family -> new Engine(Handlers.registry(new HandlerContext(family, StateDir.DEFAULT,
                        Clock.systemUTC())), AgentPolicy.defaults(), Clock.systemUTC()),
                host, LocalHost.machine(), new StateDir(host, StateDir.DEFAULT), source, metrics, schedule,
                Clock.systemUTC(), new SplittableRandom(7), listener);
        Thread thread = new Thread(() -> {
            try {
                daemon.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-daemon");
        thread.start();
        return thread;
    }
}
