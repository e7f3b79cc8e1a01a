package io.kubenode.agent.resource.drain;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A temp-root host whose {@code kubectl} answers from a small in-memory cluster: one node (cordoned or not) and its
 * pods; drain cordons and evicts what kubectl would (not DaemonSet pods, not mirror pods), uncordon clears the flag.
 * Can be told the API is down (kubectl's message, exit 1) or that drain is blocked by a PodDisruptionBudget.
 */
public final class FakeKubectlHost extends LocalHost {
    record Pod(String namespace, String name, String owner, boolean mirror, String phase) {
    }

    final List<List<String>> commands = new ArrayList<>();
    final List<Duration> timeouts = new ArrayList<>();
    final Map<String, Pod> pods = new LinkedHashMap<>();
    String node = "node4.internal";
    boolean cordoned;
    boolean apiDown;
    boolean pdbBlocks;

    public FakeKubectlHost(Path root) {
        super(root);
    }

    public FakeKubectlHost pod(String namespace, String name, String owner) {
        pods.put(namespace + "/" + name, new Pod(namespace, name, owner, false, "Running"));
        return this;
    }

    FakeKubectlHost pod(Pod pod) {
        pods.put(pod.namespace() + "/" + pod.name(), pod);
        return this;
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        commands.add(argv);
        timeouts.add(timeout);
        if (apiDown) {
            return result(argv, 1, "", "The connection to the server 192.168.0.60:6443 was refused - did you "
                    + "specify the right host or port?\n");
        }
        String verb = argv.get(3);
        String name = argv.get(verb.equals("get") ? 5 : 4);
        if (!(verb.equals("get") && argv.get(4).equals("pods")) && !name.equals(node)) {
            return result(argv, 1, "", "Error from server (NotFound): nodes \"" + name + "\" not found\n");
        }
        return switch (verb) {
            case "get" -> argv.get(4).equals("node") ? result(argv, 0, nodeJson(), "") : result(argv, 0, podsJson(),
                    "");
            case "uncordon" -> uncordon(argv);
            case "drain" -> drain(argv);
            default -> result(argv, 1, "", "error: unknown command \"" + verb + "\"\n");
        };
    }

    private CommandResult uncordon(List<String> argv) {
        boolean was = cordoned;
        cordoned = false;
        return result(argv, 0, "node/" + node + (was ? " uncordoned\n" : " already uncordoned\n"), "");
    }

    private CommandResult drain(List<String> argv) {
        StringBuilder out = new StringBuilder("node/" + node + " cordoned\n");
        cordoned = true;
        List<Pod> evicted = pods.values().stream().filter(pod -> !"DaemonSet".equals(pod.owner()) && !pod.mirror())
                .toList();
        if (pdbBlocks && !evicted.isEmpty()) {
            Pod blocked = evicted.get(0);
            return result(argv, 1, out.toString(), "error when evicting pods/\"" + blocked.name() + "\" -n \""
                    + blocked.namespace() + "\" (will retry after 5s): Cannot evict pod as it would violate the "
                    + "pod's disruption budget.\nThere are pending pods in node \"" + node + "\" when an error "
                    + "occurred: error when evicting pods/\"" + blocked.name() + "\" -n \"" + blocked.namespace()
                    + "\": global timeout reached: 300s\nerror: unable to drain node \"" + node + "\" due to error: "
                    + "[error when evicting pods/\"" + blocked.name() + "\" -n \"" + blocked.namespace()
                    + "\": global timeout reached: 300s], continuing command...\n");
        }
        for (Pod pod : evicted) {
            out.append("evicting pod ").append(pod.namespace()).append('/').append(pod.name()).append('\n');
            pods.remove(pod.namespace() + "/" + pod.name());
        }
        for (Pod pod : evicted) {
            out.append("pod/").append(pod.name()).append(" evicted\n");
        }
        return result(argv, 0, out.append("node/").append(node).append(" drained\n").toString(), "");
    }

    private String nodeJson() {
        return "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + node + "\",\"labels\":{}},"
                + "\"spec\":{" + (cordoned ? "\"unschedulable\":true,\"taints\":[{\"key\":"
                + "\"node.kubernetes.io/unschedulable\",\"effect\":\"NoSchedule\"}]" : "\"podCIDR\":\"10.244.3.0/24\"")
                + "},\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}}";
    }

    private String podsJson() {
        List<String> items = new ArrayList<>();
        for (Pod pod : pods.values()) {
            String owner = pod.owner() == null ? "" : ",\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\""
                    + pod.owner() + "\",\"name\":\"x\",\"uid\":\"1\",\"controller\":true,\"blockOwnerDeletion\":true}]";
            String annotations = pod.mirror() ? ",\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"}" : "";
            items.add("{\"metadata\":{\"name\":\"" + pod.name() + "\",\"namespace\":\"" + pod.namespace() + "\""
                    + owner + annotations + "},\"spec\":{\"nodeName\":\"" + node + "\"},\"status\":{\"phase\":\""
                    + pod.phase() + "\"}}");
        }
        return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[" + String.join(",", items)
                + "],\"metadata\":{\"resourceVersion\":\"\"}}";
    }

    private static CommandResult result(List<String> argv, int exit, String stdout, String stderr) {
        return new CommandResult(argv, exit, stdout, stderr, Duration.ofMillis(1200));
    }
}
