package io.kubenode.agent.resource.drain;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.step.ApiUnreachable;
import io.kubenode.agent.resource.step.StepCommand;
import io.kubenode.common.catalog.DrainSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Cordons and drains a Kubernetes node through this control plane's kubectl, or makes it schedulable again. Observes
 * with {@code kubectl get node} and {@code kubectl get pods --field-selector spec.nodeName=NODE}; a node the API does
 * not know fails the resource, an API that does not answer is "not ready". A drain that kubectl gives up on (a
 * PodDisruptionBudget past the timeout) fails with its exit code and output; the node stays cordoned. Writes no
 * host file and never reads the kubeconfig (kubectl does).
 */
public final class DrainHandler implements ResourceHandler<DrainSpec, DrainActual> {
    /** get and uncordon: one API call each. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    /** The agent kills a drain this long after kubectl's own --timeout should have ended it. */
    static final Duration DRAIN_GRACE = Duration.ofSeconds(30);
    /** Pods named in a change; the rest are counted. */
    private static final int PODS_NAMED = 5;
    /** Pods this agent's last successful drain of each node evicted, for the in-sync note that follows. */
    private final Map<String, Integer> evicted = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Override
    public Class<DrainSpec> specType() {
        return DrainSpec.class;
    }

    @Override
    public DrainActual observe(DrainSpec spec, Host host) throws HostException, NotReadyException {
        if (host.stat(spec.kubeconfig()).isEmpty()) {
            throw new NotReadyException("waiting for " + spec.kubeconfig() + " (written by kubeadm on a control "
                    + "plane)");
        }
        NodeView node = query(spec, host, "kubectl get node", kubectl(spec, "get", "node", spec.node(), "-o", "json"),
                NodeView.class);
        if (!spec.drained()) {
            return new DrainActual(node.cordoned(), List.of());
        }
        PodListView pods = query(spec, host, "kubectl get pods", kubectl(spec, "get", "pods", "--all-namespaces",
                "--field-selector", "spec.nodeName=" + spec.node(), "-o", "json"), PodListView.class);
        return new DrainActual(node.cordoned(), pods.evictable());
    }

    @Override
    public List<Change> diff(DrainSpec spec, DrainActual actual) {
        if (!spec.drained()) {
            return actual.cordoned() ? List.of(Change.update(spec.id(), "cordoned: run " + String.join(" ",
                    uncordon(spec)))) : List.of();
        }
        if (actual.cordoned() && actual.podsLeft().isEmpty()) {
            return List.of();
        }
        String what = actual.podsLeft().isEmpty() ? "cordon (no pod to evict)" : (actual.cordoned() ? "cordoned; "
                : "cordon; ") + podsLeft(spec, actual.podsLeft());
        return List.of(Change.update(spec.id(), what + ": run " + String.join(" ", drain(spec))));
    }

    @Override
    public void apply(DrainSpec spec, DrainActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        if (!spec.drained()) {
            StepCommand.run(host, "kubectl uncordon", uncordon(spec), QUERY_TIMEOUT);
            evicted.remove(spec.node());
            return;
        }
        Duration timeout = Duration.ofSeconds(spec.timeoutSeconds()).plus(DRAIN_GRACE);
        CommandResult result = StepCommand.runAllowingFailure(host, "kubectl drain", drain(spec), timeout);
        if (result.exitCode() != 0) {
            evicted.remove(spec.node());
            String output = result.stdout() + result.stderr();
            throw new HostException(StepCommand.failure("kubectl drain", result, ApiUnreachable.says(output)
                    ? "the API did not answer" : "not every pod left " + spec.node() + " within "
                    + spec.timeoutSeconds() + " s (a PodDisruptionBudget or a pod without a controller blocks its "
                    + "eviction); the node stays cordoned"));
        }
        evicted.put(spec.node(), actual.podsLeft().size());
    }

    @Override
    public String inSyncNote(DrainSpec spec, DrainActual actual) {
        if (!spec.drained()) {
            return spec.node() + " is schedulable";
        }
        Integer count = evicted.get(spec.node());
        return "cordoned and drained (" + (count == null ? "no pod left to evict" : count + (count == 1 ? " pod"
                : " pods") + " evicted") + ")";
    }

    @Override
    public String activity(DrainSpec spec) {
        return (spec.drained() ? "kubectl drain " : "kubectl uncordon ") + spec.node();
    }

    /** {@code kubectl --kubeconfig K drain NODE --ignore-daemonsets --delete-emptydir-data --timeout=Ns}. */
    static List<String> drain(DrainSpec spec) {
        return kubectl(spec, "drain", spec.node(), "--ignore-daemonsets", "--delete-emptydir-data",
                "--timeout=" + spec.timeoutSeconds() + "s");
    }

    static List<String> uncordon(DrainSpec spec) {
        return kubectl(spec, "uncordon", spec.node());
    }

    private static List<String> kubectl(DrainSpec spec, String... arguments) {
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", spec.kubeconfig()));
        argv.addAll(List.of(arguments));
        return List.copyOf(argv);
    }

    /** "2 pods left on node4 (default/web-1, default/web-2)", at most 5 named. */
    static String podsLeft(DrainSpec spec, List<String> pods) {
        List<String> named = pods.subList(0, Math.min(PODS_NAMED, pods.size()));
        String more = pods.size() > PODS_NAMED ? ", ... " + (pods.size() - PODS_NAMED) + " more" : "";
        return pods.size() + (pods.size() == 1 ? " pod" : " pods") + " left on " + spec.node() + " ("
                + String.join(", ", named) + more + ")";
    }

    private static <T> T query(DrainSpec spec, Host host, String label, List<String> argv, Class<T> view)
            throws HostException, NotReadyException {
        CommandResult result = StepCommand.runAllowingFailure(host, label, argv, QUERY_TIMEOUT);
        if (result.exitCode() != 0) {
            if (result.stderr().contains("nodes \"" + spec.node() + "\" not found")) {
                throw new HostException("the Kubernetes API knows no node " + spec.node() + " (" + label
                        + ": NotFound); spec.node must be the node's registered name");
            }
            if (ApiUnreachable.says(result.stdout() + result.stderr())) {
                throw new NotReadyException(StepCommand.failure(label, result, "the API does not answer"));
            }
            throw new HostException(StepCommand.failure(label, result, ""));
        }
        try {
            T parsed = JSON.readValue(result.stdout(), view);
            if (parsed == null) {
                throw new HostException(label + " printed no JSON object");
            }
            return parsed;
        } catch (IOException e) {
            throw new HostException(label + " printed something other than the expected JSON: "
                    + e.getClass().getSimpleName() + " at " + location(e));
        }
    }

    private static String location(IOException e) {
        return e instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null
                ? "line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr()
                : "an unknown position";
    }
}
