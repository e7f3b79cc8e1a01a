package io.kubenode.agent.kubeadm.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code kubectl get node NAME -o json}, {@code get pods --all-namespaces --field-selector spec.nodeName=N -o json},
 * {@code drain NODE}, {@code uncordon NODE} and {@code delete node NODE} against the cluster directory, once the
 * kubeconfig's server answers. Drain cordons, then refuses (exit 1, nothing evicted) what kubectl refuses without its
 * flags: DaemonSet pods without --ignore-daemonsets, emptyDir pods without --delete-emptydir-data, pods without a
 * controller (no --force here); evicts the rest (mirror pods stay). A {@code <node> drain fail N} fault stands for a
 * PodDisruptionBudget holding the first evictable pod until --timeout: exit 1 at once with kubectl's messages (the
 * wait itself is not simulated), the node stays cordoned; {@code slow SECONDS} delays the evictions, {@code hang}
 * lasts until killed.
 */
final class KubectlDrain {
    private final ClusterStore store;
    private final PrintStream out;
    private final PrintStream err;

    KubectlDrain(ClusterStore store, PrintStream out, PrintStream err) {
        this.store = store;
        this.out = out;
        this.err = err;
    }

    int getNode(String name) {
        ClusterStore.Node node = store.locked(() -> known(name));
        out.println(write(NodeObjects.node(store, node)));
        return 0;
    }

    /** Pods of the node named by the field selector; an unknown node has none (the API filters, it does not check). */
    int getPods(String fieldSelector, boolean allNamespaces) {
        String prefix = "spec.nodeName=";
        if (fieldSelector == null || !fieldSelector.startsWith(prefix) || !allNamespaces) {
            throw new SimulatorFailure("error: the kubectl simulator knows \"get pods --all-namespaces "
                    + "--field-selector spec.nodeName=NODE -o json\" only");
        }
        String node = fieldSelector.substring(prefix.length());
        List<ClusterStore.Pod> pods = store.locked(() -> store.nodes().stream().anyMatch(known ->
                known.name().equals(node)) ? store.pods(node) : List.<ClusterStore.Pod>of());
        out.println(write(NodeObjects.podList(node, pods)));
        return 0;
    }

    int uncordon(String name) {
        boolean was = store.locked(() -> {
            known(name);
            boolean cordoned = store.cordoned(name);
            store.setCordoned(name, false);
            return cordoned;
        });
        out.println("node/" + name + (was ? " uncordoned" : " already uncordoned"));
        return 0;
    }

    /** {@code delete node NAME}: the Node object, its pods and its cordon are gone, as kubectl prints it. */
    int delete(String name) {
        store.locked(() -> {
            known(name);
            store.forgetNode(name);
            return null;
        });
        out.println("node \"" + name + "\" deleted");
        return 0;
    }

    int drain(String name, List<String> flags, Duration timeout) {
        boolean ignoreDaemonSets = flags.contains("--ignore-daemonsets");
        boolean deleteEmptyDir = flags.contains("--delete-emptydir-data");
        boolean was = store.locked(() -> {
            known(name);
            boolean cordoned = store.cordoned(name);
            store.setCordoned(name, true);
            return cordoned;
        });
        out.println("node/" + name + (was ? " already cordoned" : " cordoned"));
        List<ClusterStore.Pod> pods = store.locked(() -> store.pods(name));
        List<String> refusals = refusals(pods, ignoreDaemonSets, deleteEmptyDir);
        if (!refusals.isEmpty()) {
            throw new SimulatorFailure("error: unable to drain node \"" + name + "\" due to error: "
                    + String.join(", ", refusals) + ", continuing command...\nThere are pending nodes to be drained:\n "
                    + name + "\n" + String.join("\n", refusals));
        }
        List<ClusterStore.Pod> daemonSet = pods.stream().filter(pod -> "DaemonSet".equals(pod.owner())).toList();
        if (!daemonSet.isEmpty()) {
            err.println("Warning: ignoring DaemonSet-managed Pods: " + String.join(", ", names(daemonSet)));
        }
        List<ClusterStore.Pod> evict = pods.stream().filter(KubectlDrain::evictable).toList();
        Optional<Faults.Fault> fault = evict.isEmpty() ? Optional.empty() : Faults.take(store, name, "drain");
        for (ClusterStore.Pod pod : evict) {
            out.println("evicting pod " + pod.namespace() + "/" + pod.name());
        }
        if (fault.isPresent() && !(fault.get() instanceof Faults.Fail)) {
            sleep(fault.get() instanceof Faults.Slow slow ? Duration.ofSeconds(slow.seconds()) : Duration.ZERO);
        } else if (fault.isPresent()) {
            ClusterStore.Pod held = evict.get(0);
            String pod = "pods/\"" + held.name() + "\" -n \"" + held.namespace() + "\"";
            String reached = "global timeout reached: " + GoDuration.format(timeout);
            throw new SimulatorFailure("error when evicting " + pod + " (will retry after 5s): Cannot evict pod as "
                    + "it would violate the pod's disruption budget.\nThere are pending pods in node \"" + name
                    + "\" when an error occurred: error when evicting " + pod + ": " + reached + "\nerror: unable to "
                    + "drain node \"" + name + "\" due to error: [error when evicting " + pod + ": " + reached
                    + "], continuing command...\nThere are pending nodes to be drained:\n " + name + "\nerror when "
                    + "evicting " + pod + ": " + reached);
        }
        store.locked(() -> {
            List<ClusterStore.Pod> left = new ArrayList<>(store.pods(name));
            left.removeIf(KubectlDrain::evictable);
            store.putPods(name, left);
            return null;
        });
        for (ClusterStore.Pod pod : evict) {
            out.println("pod/" + pod.name() + " evicted");
        }
        out.println("node/" + name + " drained");
        return 0;
    }

    /** What drain would evict: not a DaemonSet's, not a mirror pod, not finished. */
    static boolean evictable(ClusterStore.Pod pod) {
        return !"DaemonSet".equals(pod.owner()) && !pod.mirror() && !"Succeeded".equals(pod.phase())
                && !"Failed".equals(pod.phase());
    }

    private static List<String> refusals(List<ClusterStore.Pod> pods, boolean ignoreDaemonSets,
                                         boolean deleteEmptyDir) {
        List<String> refusals = new ArrayList<>();
        List<ClusterStore.Pod> daemonSet = pods.stream().filter(pod -> "DaemonSet".equals(pod.owner())).toList();
        if (!ignoreDaemonSets && !daemonSet.isEmpty()) {
            refusals.add("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): "
                    + String.join(", ", names(daemonSet)));
        }
        List<ClusterStore.Pod> bare = pods.stream().filter(pod -> pod.owner() == null && !pod.mirror()
                && evictable(pod)).toList();
        if (!bare.isEmpty()) {
            refusals.add("cannot delete Pods that declare no controller (use --force to override): "
                    + String.join(", ", names(bare)));
        }
        List<ClusterStore.Pod> local = pods.stream().filter(pod -> pod.emptyDir() && evictable(pod)).toList();
        if (!deleteEmptyDir && !local.isEmpty()) {
            refusals.add("cannot delete Pods with local storage (use --delete-emptydir-data to override): "
                    + String.join(", ", names(local)));
        }
        return refusals;
    }

    /** A slow fault's delay; zero: a hang, until the caller kills the process. */
    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.isZero() ? Long.MAX_VALUE : duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ClusterStore.Node known(String name) {
        return store.nodes().stream().filter(node -> node.name().equals(name)).findFirst()
                .orElseThrow(() -> new SimulatorFailure("Error from server (NotFound): nodes \"" + name
                        + "\" not found"));
    }

    private static List<String> names(List<ClusterStore.Pod> pods) {
        return pods.stream().map(pod -> pod.namespace() + "/" + pod.name()).toList();
    }

    private static String write(Object value) {
        try {
            return ClusterStore.JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
