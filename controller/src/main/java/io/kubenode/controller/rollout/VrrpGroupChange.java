package io.kubenode.controller.rollout;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.LoadBalancerSpec;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What no rollout order can make safe, said when the revision is stored: keepalived's virtual router id and password
 * name the VRRP group. Control planes with the old and the new value cannot hear each other, so while a rollout
 * restarts keepalived one control plane at a time each side elects a master, and the virtual IP is announced twice
 * until the last control plane has the new value. All at once there is no second group, but no VIP either until the
 * restarted keepalived elect a master. Either is short and bounded; the person applying the change chooses.
 */
public final class VrrpGroupChange {
    private static final String PATH = "spec.loadBalancer.keepalived.";

    private VrrpGroupChange() {
    }

    /** Warnings for {@code next} replacing {@code previous} (null: the first document). */
    public static List<Problem> warnings(Cluster previous, Cluster next, boolean allAtOnce) {
        LoadBalancerSpec.Keepalived before = keepalived(previous);
        LoadBalancerSpec.Keepalived after = keepalived(next);
        if (before == null || after == null || runningControlPlanes(previous, next) < 2) {
            return List.of();
        }
        List<String> changed = new ArrayList<>();
        if (!Objects.equals(before.virtualRouterId(), after.virtualRouterId())) {
            changed.add("virtualRouterId");
        }
        if (!Objects.equals(before.authPass(), after.authPass())) {
            changed.add("authPass");
        }
        String consequence = allAtOnce
                ? "every control plane restarts keepalived at once, so nobody holds the virtual IP until they elect "
                + "a new master (about one VRRP failover, 3-4 s)"
                : "the rollout restarts keepalived one control plane at a time, and until the last one has the new "
                + "value the control planes with it and those without it are two VRRP groups that each elect a "
                + "master: the virtual IP is announced by two control planes at once (both route to every "
                + "apiserver; a client's connection may be cut when the address moves). --all-at-once instead "
                + "leaves no virtual IP for about one VRRP failover (3-4 s)";
        return changed.stream().map(field -> Problem.warning(PATH + field, "changed on running control planes, "
                + "which names a new VRRP group: " + consequence)).toList();
    }

    private static LoadBalancerSpec.Keepalived keepalived(Cluster cluster) {
        return cluster == null || cluster.spec() == null || cluster.spec().loadBalancer() == null ? null
                : cluster.spec().loadBalancer().keepalived();
    }

    /** Control planes in both documents: those whose keepalived runs now and takes the change. */
    private static long runningControlPlanes(Cluster previous, Cluster next) {
        List<String> kept = next.spec().nodesOrEmpty().stream().filter(NodeSpec::isControlPlane)
                .map(NodeSpec::name).toList();
        return previous.spec().nodesOrEmpty().stream().filter(NodeSpec::isControlPlane)
                .filter(node -> kept.contains(node.name())).count();
    }
}
