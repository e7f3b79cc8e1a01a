package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a kubeadm {@code --config} file as kubeadm v1.32 does, but strictly: kubeadm only warns about unknown fields
 * (its strict check is an error in {@code kubeadm config validate} only); the simulator refuses them with the same
 * text, so a compiler mistake fails the tests instead of being ignored by the real program later.
 */
final class KubeadmConfigReader {
    private static final Map<String, String> OLD_APIS = Map.of("kubeadm.k8s.io/v1alpha1", "v1.11",
            "kubeadm.k8s.io/v1alpha2", "v1.12", "kubeadm.k8s.io/v1alpha3", "v1.14", "kubeadm.k8s.io/v1beta1", "v1.15",
            "kubeadm.k8s.io/v1beta2", "v1.22", "kubeadm.k8s.io/v1beta3", "v1.31");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final SimulatorEnv env;
    private final PrintStream warnings;

    KubeadmConfigReader(SimulatorEnv env, PrintStream warnings) {
        this.env = env;
        this.warnings = warnings;
    }

    /** The documents of the file by kind, each checked against its v1beta4 shape. */
    Map<String, JsonNode> documents(String hostPath) {
        Path file = env.host(hostPath);
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new SimulatorFailure("unable to read config from \"" + hostPath + "\" : open " + hostPath
                    + ": no such file or directory");
        } catch (IOException e) {
            throw new SimulatorFailure("unable to read config from \"" + hostPath + "\" : " + e.getMessage());
        }
        Map<String, JsonNode> byKind = new LinkedHashMap<>();
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(text)) {
            while (docs.hasNextValue()) {
                JsonNode doc = docs.nextValue();
                if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
                    continue;
                }
                accept(doc, byKind);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof SimulatorFailure failure) {
                throw failure;
            }
            throw new SimulatorFailure("error converting YAML to JSON: yaml: " + e.getMessage().lines().findFirst()
                    .orElse(""));
        }
        return byKind;
    }

    private void accept(JsonNode doc, Map<String, JsonNode> byKind) {
        if (!doc.isObject()) {
            throw new SimulatorFailure("error converting YAML to JSON: a document is a " + ConfigShape.kindOf(doc)
                    + ", not an object");
        }
        String apiVersion = doc.path("apiVersion").asText("");
        String kind = doc.path("kind").asText("");
        String gvk = gvk(apiVersion, kind);
        if (apiVersion.isEmpty() || kind.isEmpty()) {
            throw new SimulatorFailure("invalid configuration for GroupVersionKind " + gvk
                    + ": kind and apiVersion is mandatory information that must be specified");
        }
        if (OLD_APIS.containsKey(apiVersion)) {
            throw new SimulatorFailure("your configuration file uses an old API spec: \"" + apiVersion
                    + "\" (kind: \"" + kind + "\"). Please use kubeadm " + OLD_APIS.get(apiVersion)
                    + " instead and run 'kubeadm config migrate --old-config old.yaml --new-config new.yaml', which"
                    + " will write the new, similar spec using a newer API version.");
        }
        ConfigShape.Struct shape = shape(apiVersion, kind);
        if (shape == null) {
            throw new SimulatorFailure("unknown configuration APIs: []schema.GroupVersionKind{" + gvk + "}");
        }
        if (byKind.containsKey(kind)) {
            throw new SimulatorFailure("invalid configuration: GroupVersionKind " + gvk
                    + " is specified twice in YAML file");
        }
        String problem = shape.problem(shape.goName(), "", doc);
        if (problem != null) {
            throw new SimulatorFailure("error unmarshaling configuration " + gvk + ": " + problem);
        }
        byKind.put(kind, doc);
    }

    private static ConfigShape.Struct shape(String apiVersion, String kind) {
        return switch (apiVersion + "/" + kind) {
            case KubeadmTypes.KUBEADM_V1BETA4 + "/InitConfiguration" -> KubeadmTypes.INIT;
            case KubeadmTypes.KUBEADM_V1BETA4 + "/ClusterConfiguration" -> KubeadmTypes.CLUSTER;
            case KubeadmTypes.KUBEADM_V1BETA4 + "/JoinConfiguration" -> KubeadmTypes.JOIN;
            case KubeadmTypes.KUBELET_V1BETA1 + "/KubeletConfiguration" -> KubeadmTypes.KUBELET;
            case KubeadmTypes.KUBEPROXY_V1ALPHA1 + "/KubeProxyConfiguration" -> KubeadmTypes.KUBE_PROXY;
            default -> null;
        };
    }

    static String gvk(String apiVersion, String kind) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
        return "schema.GroupVersionKind{Group:\"" + group + "\", Version:\"" + version + "\", Kind:\"" + kind + "\"}";
    }

    /** {@code kubeadm init --config}: an InitConfiguration and/or a ClusterConfiguration. */
    NodeConfig init(String hostPath, List<String> flagIgnores) {
        Map<String, JsonNode> docs = documents(hostPath);
        warnIgnored(docs, List.of("InitConfiguration", "ClusterConfiguration", "KubeletConfiguration",
                "KubeProxyConfiguration"));
        JsonNode init = docs.get("InitConfiguration");
        JsonNode cluster = docs.get("ClusterConfiguration");
        if (init == null && cluster == null) {
            throw new SimulatorFailure("no InitConfiguration or ClusterConfiguration kind was found in the "
                    + "configuration file");
        }
        init = init == null ? YAML.createObjectNode() : init;
        cluster = cluster == null ? YAML.createObjectNode() : cluster;
        checkCgroupDriver(docs.get("KubeletConfiguration"));
        JsonNode registration = init.path("nodeRegistration");
        JsonNode endpoint = init.path("localAPIEndpoint");
        List<BootstrapTokenSpec> tokens = new ArrayList<>();
        for (JsonNode token : init.path("bootstrapTokens")) {
            tokens.add(BootstrapTokenSpec.parse(text(token, "token"), text(token, "description"),
                    text(token, "ttl"), text(token, "expires"), strings(token.path("usages")),
                    strings(token.path("groups"))));
        }
        NodeConfig.ClusterSettings settings = new NodeConfig.ClusterSettings(
                textOr(cluster, "clusterName", "kubernetes"), text(cluster, "kubernetesVersion"),
                text(cluster, "controlPlaneEndpoint"), strings(cluster.path("apiServer").path("certSANs")),
                textOr(cluster.path("networking"), "serviceSubnet", "10.96.0.0/16"),
                text(cluster.path("networking"), "podSubnet"));
        if (settings.controlPlaneEndpoint() != null) {
            HostPort.parse(settings.controlPlaneEndpoint(), 6443);
        }
        return new NodeConfig(false, nodeName(registration), textOr(registration, "criSocket",
                "unix:///var/run/containerd/containerd.sock"), ignores(registration, flagIgnores),
                advertiseAddress(endpoint, "localAPIEndpoint"), bindPort(endpoint, "localAPIEndpoint"), true,
                settings, tokens, null, null, timeout(init, "discovery"), nodeIp(registration));
    }

    /** {@code kubeadm join --config}: a JoinConfiguration with file discovery. */
    NodeConfig join(String hostPath, List<String> flagIgnores) {
        Map<String, JsonNode> docs = documents(hostPath);
        warnIgnored(docs, List.of("JoinConfiguration", "KubeletConfiguration"));
        JsonNode join = docs.get("JoinConfiguration");
        if (join == null) {
            throw new SimulatorFailure("no JoinConfiguration kind was found in the YAML file");
        }
        JsonNode registration = join.path("nodeRegistration");
        JsonNode discovery = join.path("discovery");
        String file = text(discovery.path("file"), "kubeConfigPath");
        boolean token = discovery.has("bootstrapToken");
        if (file == null && !token) {
            throw new SimulatorFailure("discovery: Invalid value: \"\": bootstrapToken or file must be set");
        }
        if (file != null && token) {
            throw new SimulatorFailure("discovery: Invalid value: \"\": bootstrapToken and file cannot both be set");
        }
        if (file == null) {
            throw new SimulatorFailure("discovery.bootstrapToken: the kubeadm simulator implements file discovery "
                    + "only (discovery.file.kubeConfigPath), which is what kubenode compiles");
        }
        JsonNode controlPlane = join.path("controlPlane");
        boolean isControlPlane = join.has("controlPlane") && !controlPlane.isNull();
        JsonNode endpoint = controlPlane.path("localAPIEndpoint");
        return new NodeConfig(true, nodeName(registration), textOr(registration, "criSocket",
                "unix:///var/run/containerd/containerd.sock"), ignores(registration, flagIgnores),
                isControlPlane ? advertiseAddress(endpoint, "controlPlane.localAPIEndpoint") : null,
                isControlPlane ? bindPort(endpoint, "controlPlane.localAPIEndpoint") : 0, isControlPlane, null,
                List.of(), file, text(discovery, "tlsBootstrapToken"), timeout(join, "discovery"),
                nodeIp(registration));
    }

    /** {@code kubeadm token create --config}: the InitConfiguration's first bootstrap token. */
    BootstrapTokenSpec tokenToCreate(String hostPath) {
        JsonNode init = documents(hostPath).get("InitConfiguration");
        JsonNode tokens = init == null ? null : init.path("bootstrapTokens");
        if (tokens == null || !tokens.isArray() || tokens.isEmpty()) {
            throw new SimulatorFailure("the configuration " + hostPath + " holds no InitConfiguration with "
                    + "bootstrapTokens[0] (the simulator takes the token to create from there)");
        }
        JsonNode token = tokens.get(0);
        return BootstrapTokenSpec.parse(text(token, "token"), text(token, "description"), text(token, "ttl"),
                text(token, "expires"), strings(token.path("usages")), strings(token.path("groups")));
    }

    private void warnIgnored(Map<String, JsonNode> docs, List<String> used) {
        for (Map.Entry<String, JsonNode> doc : docs.entrySet()) {
            if (!used.contains(doc.getKey())) {
                warnings.println("W0000 00:00:00.000000       1 initconfiguration.go:361] [config] WARNING: Ignored "
                        + "configuration document with GroupVersionKind " + doc.getValue().path("apiVersion").asText()
                        + ", Kind=" + doc.getKey());
            }
        }
    }

    private static void checkCgroupDriver(JsonNode kubelet) {
        String driver = kubelet == null ? null : text(kubelet, "cgroupDriver");
        if (driver != null && !driver.equals("systemd") && !driver.equals("cgroupfs")) {
            throw new SimulatorFailure("cgroupDriver: Invalid value: \"" + driver
                    + "\": must be one of \"cgroupfs\" or \"systemd\"");
        }
    }

    private String nodeName(JsonNode registration) {
        String name = text(registration, "name");
        if (name == null) {
            name = hostname();
        }
        if (!name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")) {
            throw new SimulatorFailure("nodeRegistration.name: Invalid value: \"" + name + "\": a lowercase RFC "
                    + "1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'");
        }
        return name;
    }

    private String hostname() {
        try {
            Path file = env.host("/etc/hostname");
            if (Files.isRegularFile(file)) {
                String name = Files.readString(file).strip();
                if (!name.isEmpty()) {
                    return name.toLowerCase(java.util.Locale.ROOT);
                }
            }
            return InetAddress.getLocalHost().getHostName().toLowerCase(java.util.Locale.ROOT);
        } catch (IOException e) {
            throw new SimulatorFailure("cannot learn the node name: " + e.getMessage());
        }
    }

    private static String advertiseAddress(JsonNode endpoint, String path) {
        String address = text(endpoint, "advertiseAddress");
        if (address == null) {
            throw new SimulatorFailure(path + ".advertiseAddress: Required value: the kubeadm simulator does not "
                    + "guess the host's address");
        }
        if (!address.matches("[0-9.]+") && !address.contains(":")) {
            throw new SimulatorFailure(path + ".advertiseAddress: Invalid value: \"" + address
                    + "\": cannot parse IP address");
        }
        return address;
    }

    private static int bindPort(JsonNode endpoint, String path) {
        int port = endpoint.path("bindPort").asInt(6443);
        if (port < 1 || port > 65535) {
            throw new SimulatorFailure(path + ".bindPort: Invalid value: " + port
                    + ": must be between 1 and 65535, inclusive");
        }
        return port;
    }

    private static List<String> ignores(JsonNode registration, List<String> flag) {
        List<String> all = new ArrayList<>(flag);
        all.addAll(strings(registration.path("ignorePreflightErrors")));
        return all;
    }

    private static String nodeIp(JsonNode registration) {
        for (JsonNode arg : registration.path("kubeletExtraArgs")) {
            if (arg.path("name").asText("").equals("node-ip")) {
                return text(arg, "value");
            }
        }
        return null;
    }

    private static Duration timeout(JsonNode doc, String name) {
        String value = text(doc.path("timeouts"), name);
        return value == null ? null : GoDuration.parse(value, "timeouts." + name);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isTextual() && !value.asText().isEmpty() ? value.asText() : null;
    }

    private static String textOr(JsonNode node, String field, String fallback) {
        String value = text(node, field);
        return value == null ? fallback : value;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(item -> values.add(item.asText()));
        return values;
    }
}
