package io.kubenode.controller.systemtest;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * The measured failover scenarios of an {@link NspawnCluster}'s virtual IP: a {@link VipWatch} on its control
 * planes, something done to the holder, and the times until another control plane takes over, the endpoint answers
 * again, and (for drift) the agent's next pass puts things back; each scenario prints its timeline.
 */
final class VipFailover {
    /** Something done to a host; its result, if any, is ignored. */
    interface HostAction {
        Object run() throws Exception;
    }

    private final NspawnCluster cluster;
    private final int endpointPort;

    VipFailover(NspawnCluster cluster, int endpointPort) {
        this.cluster = cluster;
        this.endpointPort = endpointPort;
    }

    /** Starts watching the VIP on the control planes and VIP:endpointPort from this host. */
    VipWatch watch() throws Exception {
        return VipWatch.start(cluster.controlPlanes(), cluster.vip(), endpointPort);
    }

    /**
     * Does {@code action} to the VIP's {@code holder} and measures, with the watch's 50 ms samples, how long until
     * another control plane holds the VIP and this host's connect to VIP:port succeeds again (each within {@code
     * within} of the action's end); returns when the action began.
     */
    long failOver(VipWatch watch, String holder, String what, Duration within, HostAction action) throws Exception {
        watch.awaitHeldBy(holder, Duration.ofSeconds(5));
        watch.awaitEndpointAnswering(Duration.ofSeconds(5));
        long began = watch.mark(what + " on " + holder);
        action.run();
        long done = watch.mark(what + " returned");
        long moved = watch.awaitMovedFrom(holder, within.plusMillis(done - began));
        long answering = watch.awaitEndpointAnswering(within.plusMillis(done - began));
        System.out.printf("NspawnClusterIT: failover after %s on %s: taken over (address and ARP) %d ms later, "
                + "holders now %s, VIP:%d answering this host %d ms later%n", what, holder, moved - began,
                watch.holders(), endpointPort, Math.max(0, answering - began));
        return began;
    }

    /**
     * Runs {@code command} on the VIP's {@code holder} to end its keepalived, measures the failover (within {@code
     * within}), and waits for the agent to start keepalived again and the holder to take the VIP back.
     */
    void keepalivedGoesAndComesBack(String holder, String scenario, Duration within, String... command)
            throws Exception {
        try (VipWatch watch = watch()) {
            long began = failOver(watch, holder, String.join(" ", command), within,
                    () -> cluster.node(holder).check(command));
            awaitStartedAgainByTheAgent(watch, holder, began);
            printTimeline(scenario, watch);
        }
    }

    /**
     * Drift: the agent's next pass (every {@value NspawnCluster#AGENT_INTERVAL_SECONDS} s, 10 % jitter, plus the pass
     * in hand) starts keepalived again on {@code holder}; its priority is the highest, so it takes the VIP back
     * (keepalived preempts).
     */
    private void awaitStartedAgainByTheAgent(VipWatch watch, String holder, long since) throws Exception {
        await(holder + ": keepalived started again by the agent")
                .atMost(Duration.ofSeconds(2L * NspawnCluster.AGENT_INTERVAL_SECONDS + 30))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> cluster.node(holder).run("systemctl", "is-active", "keepalived").stdout().strip()
                        .equals("active"));
        long restarted = watch.mark("keepalived active again on " + holder + " (the agent's pass)");
        long back = watch.awaitHeldBy(holder, Duration.ofSeconds(15));
        System.out.printf("NspawnClusterIT: drift corrected: keepalived active again %d ms after it went, the VIP "
                + "back on %s %d ms after that%n", restarted - since, holder, back - restarted);
    }

    static void printTimeline(String scenario, VipWatch watch) {
        System.out.println("NspawnClusterIT: timeline, " + scenario + ":");
        watch.timeline().forEach(event -> System.out.println("  " + event));
    }
}
