package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What init, join and token create take from a kubeadm {@code --config} file ({@link ConfigDocuments} decodes it
 * strictly), with kubeadm's defaults and validation messages.
 */
final class KubeadmConfigReader {
    private static final ObjectMapper YAML = new ObjectMapper();

    private final SimulatorEnv env;
    private final PrintStream warnings;

    KubeadmConfigReader(SimulatorEnv env, PrintStream warnings) {
        this.env = env;
        this.warnings = warnings;
    }

    private Map<String, JsonNode> documents(String hostPath) {
        return ConfigDocuments.read(env, hostPath);
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
