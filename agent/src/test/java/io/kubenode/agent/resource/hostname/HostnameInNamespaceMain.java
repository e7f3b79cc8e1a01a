package io.kubenode.agent.resource.hostname;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.FakeRootWithRealPaths;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.HostnameSpec;
import io.kubenode.common.cluster.OsFamily;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Run by {@link HostnameUtsNamespaceTest} under {@code unshare --uts}: applies a hostname catalog twice with the
 * real /proc/sys/kernel/hostname (this process's private UTS namespace) and /etc/hostname under a temporary root,
 * then prints what {@code hostname} says. Exit 0 when the first apply failed nothing and the second changed nothing.
 */
public final class HostnameInNamespaceMain {
    private HostnameInNamespaceMain() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String name = args[1];
        FakeRootWithRealPaths host = new FakeRootWithRealPaths(root, Set.of("/proc/sys/kernel/hostname"));
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);
        Report first = engine.apply(EngineHarness.catalogOf(new HostnameSpec(name)), host);
        Report second = engine.apply(EngineHarness.catalogOf(new HostnameSpec(name)), host);
        System.out.println("first: " + first.changes());
        System.out.println("second: " + second.changes());
        String hostname = LocalHost.machine().runChecked(List.of("hostname"), Duration.ofSeconds(30)).stdout().strip();
        System.out.println("hostname=" + hostname);
        if (first.failed() || !second.converged()) {
            System.out.println("resources: " + first.resources() + " / " + second.resources());
            System.exit(1);
        }
        System.exit(0);
    }
}
