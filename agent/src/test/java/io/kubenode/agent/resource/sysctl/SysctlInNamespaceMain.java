package io.kubenode.agent.resource.sysctl;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.common.cluster.OsFamily;

import java.util.Arrays;

/**
 * Run by {@link SysctlNetworkNamespaceTest} inside a network namespace ({@code ip netns exec}): applies
 * {@code key=value} sysctls to the real /proc/sys (LocalHost "/"), twice, and prints both change lists. /proc/sys/net
 * belongs to the namespace of the process reading it, so only the namespace changes. Exit 0 when the first apply
 * failed nothing and the second changed nothing.
 */
public final class SysctlInNamespaceMain {
    private SysctlInNamespaceMain() {
    }

    public static void main(String[] args) {
        SysctlSpec[] specs = Arrays.stream(args).map(arg -> arg.split("=", 2))
                .map(pair -> new SysctlSpec(pair[0], pair[1])).toArray(SysctlSpec[]::new);
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);
        Report first = engine.apply(EngineHarness.catalogOf(specs), LocalHost.machine());
        Report second = engine.apply(EngineHarness.catalogOf(specs), LocalHost.machine());
        System.out.println("first: " + first.changes());
        System.out.println("second: " + second.changes());
        if (first.failed() || !second.converged()) {
            System.out.println("resources: " + first.resources() + " / " + second.resources());
            System.exit(1);
        }
        System.exit(0);
    }
}
