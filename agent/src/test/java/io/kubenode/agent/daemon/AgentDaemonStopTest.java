package io.kubenode.agent.daemon;

import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SIGTERM mid-pass (what {@code systemctl stop} sends the agent's JVM, KillMode=mixed): the resource in hand finishes
 * with its command left running to its end, no further resource is tried, the pass is reported, and run returns.
 */
class AgentDaemonStopTest {
    @TempDir
    Path dir;

    @Test
    void aStopDuringAPackageInstallLetsItFinishAndTriesNothingElse() throws Exception {
        Path root = dir.resolve("root");
        CountDownLatch installing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> commandInterrupted = new CompletableFuture<>();
        Host host = slowInstalls(new SandboxHost(root, Simulations.all()), installing, release, commandInterrupted);
        NodeCatalog catalog = EngineHarness.catalogOf(PackageSpec.any("tmux"),
                FileSpec.rootOwned("/etc/haproxy/haproxy.cfg", "frontend a\n", "0644"));
        Path catalogFile = Files.writeString(dir.resolve("catalog.json"), Documents.toJson(catalog));
        CompletableFuture<Report> passes = new CompletableFuture<>();
        AgentDaemon daemon = new AgentDaemon(
                family -> new Engine(Handlers.registry(new HandlerContext(family, StateDir.DEFAULT,
                        Clock.systemUTC())), AgentPolicy.defaults(), Clock.systemUTC()),
                host, LocalHost.machine(), new StateDir(host, StateDir.DEFAULT),
                new CatalogFileSource(LocalHost.machine(), catalogFile.toString()), new AgentMetrics(),
                new PassSchedule(Duration.ofMinutes(10), 0.1, Duration.ofMillis(200)), Clock.systemUTC(),
                new SplittableRandom(7), passes::complete);
        CompletableFuture<Void> ran = CompletableFuture.runAsync(() -> {
            try {
                daemon.run();
            } catch (InterruptedException e) {
                throw new AssertionError("interrupted", e);
            }
        });
        assertThat(installing.await(30, TimeUnit.SECONDS)).as("the install started").isTrue();

        daemon.stop();
        Thread.sleep(500);
        assertThat(ran).as("still in the install").isNotDone();
        release.countDown();

        ran.get(30, TimeUnit.SECONDS);
        assertThat(commandInterrupted.get(1, TimeUnit.SECONDS)).as("the install ran to its end").isFalse();
        Map<String, ResourceReport> byId = passes.get(1, TimeUnit.SECONDS).resources().stream()
                .collect(Collectors.toMap(ResourceReport::id, resource -> resource));
        assertThat(byId.get("package:tmux").state()).as(byId.get("package:tmux").message()).isEqualTo("changed");
        assertThat(byId.get("file:/etc/haproxy/haproxy.cfg").state()).isEqualTo("not_ready");
        assertThat(byId.get("file:/etc/haproxy/haproxy.cfg").message()).isEqualTo(Engine.NOT_TRIED_STOPPING);
        assertThat(root.resolve("etc/haproxy/haproxy.cfg")).doesNotExist();
    }

    /** {@code host}, whose package installs block until {@code release}: a dnf transaction taking its time. */
    private static Host slowInstalls(Host host, CountDownLatch installing, CountDownLatch release,
                                     CompletableFuture<Boolean> interrupted) {
        return (Host) Proxy.newProxyInstance(Host.class.getClassLoader(), new Class<?>[] {Host.class},
                (proxy, method, args) -> {
                    if ((method.getName().equals("run") || method.getName().equals("runChecked"))
                            && ((List<?>) args[0]).contains("install")) {
                        installing.countDown();
                        try {
                            release.await();
                            interrupted.complete(false);
                        } catch (InterruptedException e) {
                            // as the real command runner: the command is killed, the thread stays interrupted
                            interrupted.complete(true);
                            Thread.currentThread().interrupt();
                            throw new HostException(args[0] + ": interrupted", e);
                        }
                    }
                    try {
                        return method.invoke(host, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
