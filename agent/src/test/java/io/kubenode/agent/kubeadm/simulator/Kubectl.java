package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code kubectl --kubeconfig K diff|apply --server-side --force-conflicts -f FILE}, {@code get nodes -o json} and
 * the node verbs of {@link KubectlDrain} (get node NAME, get pods on a node, drain, uncordon, delete node NAME):
 * the kubeconfig must be valid and its server answer /readyz (verified against its CA, with its client
 * certificate); an applied manifest is kept in the cluster directory by the sha256 of its content, so diff exits 0
 * for content applied before, 1 for anything else, 2 on an error (kubectl diff's codes).
 */
final class Kubectl {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final SimulatorEnv env;
    private final ClusterStore store;
    private final PrintStream out;
    private final PrintStream err;

    Kubectl(SimulatorEnv env, PrintStream out, PrintStream err) {
        this.env = env;
        this.store = new ClusterStore(env.clusterDir());
        this.out = out;
        this.err = err;
    }

    static void requireReady(SimulatorEnv env, Kubeconfig config) {
        HostPort server = HostPort.ofUrl(config.server());
        try {
            ApiClient.Response response = ApiClient.get(env, config, "/readyz", Duration.ofSeconds(5));
            if (response.status() != 200) {
                throw new SimulatorFailure("the server " + server + " is not ready: /readyz answered "
                        + response.status());
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SimulatorFailure failure) {
                throw failure;
            }
            throw new SimulatorFailure("The connection to the server " + server + " was refused - did you specify "
                    + "the right host or port? (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
    }

    int run(List<String> args) {
        String kubeconfig = "/root/.kube/config";
        String file = null;
        String output = null;
        String fieldSelector = null;
        boolean allNamespaces = false;
        Duration timeout = Duration.ZERO;
        List<String> drainFlags = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--kubeconfig") || arg.equals("-f") || arg.equals("--filename") || arg.equals("-o")
                    || arg.equals("--field-selector")) {
                if (i + 1 >= args.size()) {
                    throw new SimulatorFailure("error: flag needs an argument: " + arg);
                }
                String value = args.get(++i);
                switch (arg) {
                    case "--kubeconfig" -> kubeconfig = value;
                    case "-o" -> output = value;
                    case "--field-selector" -> fieldSelector = value;
                    default -> file = value;
                }
            } else if (arg.startsWith("--kubeconfig=")) {
                kubeconfig = arg.substring("--kubeconfig=".length());
            } else if (arg.startsWith("--filename=")) {
                file = arg.substring("--filename=".length());
            } else if (arg.equals("--server-side") || arg.equals("--force-conflicts")) {
                continue;
            } else if (arg.equals("--all-namespaces") || arg.equals("-A")) {
                allNamespaces = true;
            } else if (arg.equals("--ignore-daemonsets") || arg.equals("--delete-emptydir-data")) {
                drainFlags.add(arg);
            } else if (arg.startsWith("--timeout=")) {
                timeout = GoDuration.parse(arg.substring("--timeout=".length()), "--timeout");
            } else if (arg.startsWith("-")) {
                throw new SimulatorFailure("error: unknown flag: " + arg);
            } else {
                words.add(arg);
            }
        }
        String verb = words.isEmpty() ? "" : words.get(0);
        return switch (verb) {
            case "diff" -> diff(kubeconfig, file);
            case "apply" -> apply(kubeconfig, file);
            case "get" -> get(kubeconfig, words, output, fieldSelector, allNamespaces);
            case "drain" -> drain(kubeconfig, words, drainFlags, timeout);
            case "uncordon" -> uncordon(kubeconfig, words);
            case "delete" -> deleteNode(kubeconfig, words);
            default -> throw new SimulatorFailure("error: the kubectl simulator knows diff, apply, get, drain, "
                    + "uncordon and delete node, got \"" + verb + "\"");
        };
    }

    private int get(String kubeconfig, List<String> words, String output, String fieldSelector,
                    boolean allNamespaces) {
        String kind = words.size() < 2 ? "" : words.get(1);
        if ((kind.equals("node") || kind.equals("nodes")) && words.size() == 3 && "json".equals(output)) {
            return nodeVerb(kubeconfig, words).getNode(words.get(2));
        }
        if ((kind.equals("pods") || kind.equals("pod")) && words.size() == 2 && "json".equals(output)) {
            return nodeVerb(kubeconfig, List.of("get", "pods")).getPods(fieldSelector, allNamespaces);
        }
        return getNodes(kubeconfig, words, output);
    }

    private int drain(String kubeconfig, List<String> words, List<String> flags, Duration timeout) {
        return recorded("drain", words, () -> nodeVerb(kubeconfig, words).drain(words.get(1), flags, timeout));
    }

    private int uncordon(String kubeconfig, List<String> words) {
        return recorded("uncordon", words, () -> nodeVerb(kubeconfig, words).uncordon(words.get(1)));
    }

    /** {@code delete node NAME}: the Node object gone from the API (the machine and its kubelet are untouched). */
    private int deleteNode(String kubeconfig, List<String> words) {
        if (words.size() != 3 || !(words.get(1).equals("node") || words.get(1).equals("nodes"))) {
            throw new SimulatorFailure("error: the kubectl simulator knows \"delete node NAME\" only");
        }
        List<String> node = words.subList(1, 3);
        return recorded("delete-node", node, () -> nodeVerb(kubeconfig, node).delete(words.get(2)));
    }

    /** A verb that changes a node, between its started and succeeded/failed lines in the cluster's event log. */
    private int recorded(String verb, List<String> words, IntSupplier run) {
        int[] exit = new int[1];
        Events.around(store, words.size() < 2 ? "" : words.get(1), verb, () -> exit[0] = run.getAsInt());
        return exit[0];
    }

    /** The drain verbs, once the API answers; {@code words[1]} must name a node. */
    private KubectlDrain nodeVerb(String kubeconfig, List<String> words) {
        if (words.size() < 2) {
            throw new SimulatorFailure("error: USAGE: " + words.get(0) + " NODE [flags]");
        }
        requireReady(env, Kubeconfig.read(env, kubeconfig));
        return new KubectlDrain(store, out, err);
    }

    private int diff(String kubeconfig, String file) {
        try {
            byte[] content = manifest(file);
            requireReady(env, Kubeconfig.read(env, kubeconfig));
            String sha = sha256(content);
            if (store.locked(() -> store.applied(sha))) {
                return 0;
            }
            out.println("diff -u -N /tmp/LIVE/" + file.replace('/', '.') + " /tmp/MERGED/" + file.replace('/', '.'));
            out.println("(kubectl simulator: the objects of " + file + " differ from the applied ones, sha256:" + sha
                    + ")");
            return 1;
        } catch (SimulatorFailure failure) {
            throw new SimulatorFailure(failure.getMessage(), 2);
        }
    }

    private int apply(String kubeconfig, String file) {
        byte[] content = manifest(file);
        requireReady(env, Kubeconfig.read(env, kubeconfig));
        List<String> objects = objects(file, content);
        String sha = sha256(content);
        store.locked(() -> {
            store.putApplied(sha, content);
            return null;
        });
        objects.forEach(object -> out.println(object + " serverside-applied"));
        return 0;
    }

    private int getNodes(String kubeconfig, List<String> words, String output) {
        if (words.size() != 2 || !(words.get(1).equals("nodes") || words.get(1).equals("node"))
                || !"json".equals(output)) {
            throw new SimulatorFailure("error: the kubectl simulator knows \"get nodes -o json\", \"get node NAME -o "
                    + "json\" and \"get pods --all-namespaces --field-selector spec.nodeName=NODE -o json\" only");
        }
        Kubeconfig config = Kubeconfig.read(env, kubeconfig);
        try {
            ApiClient.Response response = ApiClient.get(env, config, "/api/v1/nodes", Duration.ofSeconds(5));
            if (response.status() != 200) {
                throw new SimulatorFailure("Error from server: " + response.body());
            }
            out.println(response.body());
            return 0;
        } catch (IOException e) {
            throw new SimulatorFailure("The connection to the server " + HostPort.ofUrl(config.server())
                    + " was refused - did you specify the right host or port? (" + e.getMessage() + ")");
        }
    }

    private byte[] manifest(String file) {
        if (file == null) {
            throw new SimulatorFailure("error: must specify one of -f and -k");
        }
        Path path = env.host(file);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new SimulatorFailure("error: the path \"" + file + "\" does not exist");
        }
    }

    /** "kind.group/name" per document, refusing documents kubectl would refuse. */
    private static List<String> objects(String file, byte[] content) {
        List<String> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(content)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
                    continue;
                }
                String kind = doc.path("kind").asText("");
                String apiVersion = doc.path("apiVersion").asText("");
                String name = doc.path("metadata").path("name").asText("");
                if (kind.isEmpty() || apiVersion.isEmpty()) {
                    throw new SimulatorFailure("error: error validating \"" + file + "\": error validating data: "
                            + "[apiVersion not set, kind not set]");
                }
                String group = apiVersion.contains("/") ? "." + apiVersion.substring(0, apiVersion.indexOf('/')) : "";
                objects.add(kind.toLowerCase(java.util.Locale.ROOT) + group + "/" + name);
            }
        } catch (IOException e) {
            throw new SimulatorFailure("error: error parsing " + file + ": " + e.getMessage());
        }
        return objects;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
