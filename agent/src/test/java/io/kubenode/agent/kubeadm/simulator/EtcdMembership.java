package io.kubenode.agent.kubeadm.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What kubeadm's etcd phases do to the cluster's etcd when real members run ({@code KUBEADM_SIMULATOR_ETCD=real}):
 * init starts the first member; a control-plane join adds its member through a running one and starts it with the
 * initial cluster {@code member add} returned; reset removes the node's member through whichever member answers,
 * then stops the node's etcd. The other members' client URLs come from the control planes in the cluster directory.
 */
final class EtcdMembership {
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(30);
    private final SimulatorEnv env;
    private final ClusterStore store;
    private final EtcdCtl etcdctl;
    private final PrintStream out;

    EtcdMembership(SimulatorEnv env, ClusterStore store, PrintStream out) {
        this.env = env;
        this.store = store;
        this.etcdctl = new EtcdCtl(env);
        this.out = out;
    }

    /** kubeadm init's certs and etcd phases: the member's certificates, then the member alone in a new cluster. */
    EtcdFlags prepareFirst(String nodeName, String address) {
        EtcdCertificates.issue(env, nodeName, address, out);
        return EtcdFlags.first(nodeName, address);
    }

    /**
     * kubeadm join's etcd phase up to the manifest: the member's certificates and its place in the cluster. A member
     * left by an interrupted join is reused when it never started, and replaced when it started but no longer runs
     * here, so a retried join leaves neither a duplicate nor a stale member.
     */
    EtcdFlags prepareJoin(String nodeName, String address) {
        EtcdCertificates.issue(env, nodeName, address, out);
        String peerUrl = EtcdFlags.peerUrl(address);
        Reached reached = reachOther(nodeName);
        Optional<EtcdCtl.Member> mine = reached.members().stream()
                .filter(member -> member.peerUrls().contains(peerUrl)).findFirst();
        if (mine.isPresent() && (!mine.get().started() || runsHealthy(address))) {
            out.println("[etcd] Using the existing etcd member " + mine.get().id() + " of this node");
            return new EtcdFlags(nodeName, address, initialCluster(reached.members(), nodeName, peerUrl),
                    "existing");
        }
        if (mine.isPresent()) {
            out.println("[etcd] Removing the stale etcd member " + mine.get().id() + " of this node");
            retried(() -> etcdctl.remove(reached.endpoint(), mine.get().id()));
        }
        EtcdMember.stop(env);
        KubeadmReset.deleteContents(env.host(EtcdFlags.DATA_DIR));
        out.println("[etcd] Announced new etcd member joining to the existing etcd cluster");
        try {
            return new EtcdFlags(nodeName, address, retried(() -> etcdctl.add(reached.endpoint(), nodeName, peerUrl)),
                    "existing");
        } catch (SimulatorFailure e) {
            throw new SimulatorFailure("error execution phase control-plane-join/etcd: " + e.getMessage());
        }
    }

    /**
     * A membership change, retried as kubeadm retries {@code member add} and {@code member remove}: etcd refuses
     * one ("unhealthy cluster") until every started member has been connected for a few seconds, e.g. right after a
     * join.
     */
    static <T> T retried(Supplier<T> change) {
        Instant deadline = Instant.now().plus(CHANGE_TIMEOUT);
        while (true) {
            try {
                return change.get();
            } catch (SimulatorFailure e) {
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorFailure("interrupted while adding the etcd member");
        }
    }

    /** The kubelet starting the etcd static pod, unless this node's member already runs and is healthy. */
    void start(EtcdFlags flags) {
        if (runsHealthy(flags.address())) {
            return;
        }
        out.println("[etcd] Waiting for the new etcd member to join the cluster. This can take up to 40s");
        long pid = EtcdMember.start(env, flags);
        out.println("[etcd] etcd member " + flags.nodeName() + " is healthy (pid " + pid + ")");
    }

    /**
     * kubeadm reset's remove-etcd-member phase, then the etcd pod stopping with the kubelet. Like kubeadm, a member
     * that cannot be removed (no member answers) or that is no longer there (removed by another control plane first)
     * is a warning, not a failure; the last member is left alone. The local etcd is stopped either way (a removed
     * member's etcd usually ends by itself) and reset empties its data directory.
     */
    void leave(String nodeName, String address) {
        List<String> endpoints = new ArrayList<>(List.of(EtcdFlags.clientUrl(address)));
        endpoints.addAll(otherEndpoints(nodeName));
        try {
            Reached reached = reach(endpoints);
            String peerUrl = EtcdFlags.peerUrl(address);
            Optional<EtcdCtl.Member> mine = reached.members().stream().filter(member -> member.name()
                    .equals(nodeName) || member.peerUrls().contains(peerUrl)).findFirst();
            if (mine.isEmpty()) {
                // removed by someone else first (a remaining control plane's agent, etcdctl): kubeadm goes on
                out.println("[reset] WARNING: no etcd member named " + nodeName + " or with the peer URL " + peerUrl
                        + " in the cluster: it was already removed");
            } else if (reached.members().size() == 1) {
                out.println("[reset] This node's etcd member is the cluster's only one: not removed");
            } else {
                retried(() -> etcdctl.remove(reached.endpoint(), mine.get().id()));
                out.println("[reset] Removed the etcd member " + mine.get().id() + " of this node");
            }
        } catch (SimulatorFailure e) {
            out.println("[reset] WARNING: failed to remove etcd member: " + e.getMessage() + "\nPlease manually "
                    + "remove this etcd member using etcdctl");
        }
        if (EtcdMember.stop(env)) {
            out.println("[reset] Stopped etcd");
        }
    }

    private boolean runsHealthy(String address) {
        return EtcdMember.running(env.host(EtcdMember.PID_FILE), env.host(EtcdFlags.DATA_DIR)).isPresent()
                && etcdctl.healthy(EtcdFlags.clientUrl(address));
    }

    private record Reached(String endpoint, List<EtcdCtl.Member> members) {
    }

    private Reached reachOther(String nodeName) {
        List<String> endpoints = otherEndpoints(nodeName);
        if (endpoints.isEmpty()) {
            throw new SimulatorFailure("error execution phase control-plane-join/etcd: no other control plane "
                    + "in the cluster runs an etcd member to add this one through");
        }
        try {
            return reach(endpoints);
        } catch (SimulatorFailure e) {
            throw new SimulatorFailure("error execution phase control-plane-join/etcd: " + e.getMessage());
        }
    }

    /** The first endpoint that lists the members; the last error when none does. */
    private Reached reach(List<String> endpoints) {
        SimulatorFailure last = null;
        for (String endpoint : endpoints) {
            try {
                return new Reached(endpoint, etcdctl.members(endpoint));
            } catch (SimulatorFailure e) {
                last = e;
            }
        }
        throw last != null ? last : new SimulatorFailure("no etcd endpoint to reach");
    }

    private List<String> otherEndpoints(String nodeName) {
        return store.locked(store::nodes).stream()
                .filter(node -> node.role().equals("control-plane") && !node.name().equals(nodeName))
                .map(node -> EtcdFlags.clientUrl(node.address())).toList();
    }

    /** {@code name=peerURL,...} of the started members and this one, as member add would have printed it. */
    private static String initialCluster(List<EtcdCtl.Member> members, String nodeName, String peerUrl) {
        List<String> entries = new ArrayList<>();
        for (EtcdCtl.Member member : members) {
            if (member.peerUrls().contains(peerUrl)) {
                entries.add(nodeName + "=" + peerUrl);
            } else if (member.started()) {
                member.peerUrls().forEach(url -> entries.add(member.name() + "=" + url));
            }
        }
        return String.join(",", entries);
    }
}
