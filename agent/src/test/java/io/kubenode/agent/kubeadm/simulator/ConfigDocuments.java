package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Splits a kubeadm {@code --config} file into its documents and decodes each as kubeadm v1.32 does, but strictly:
 * kubeadm only warns about unknown fields (its strict check is an error in {@code kubeadm config validate} only); the
 * simulator refuses them with the same text, so a compiler mistake fails the tests instead of being ignored later.
 */
final class ConfigDocuments {
    private static final Map<String, String> OLD_APIS = Map.of("kubeadm.k8s.io/v1alpha1", "v1.11",
            "kubeadm.k8s.io/v1alpha2", "v1.12", "kubeadm.k8s.io/v1alpha3", "v1.14", "kubeadm.k8s.io/v1beta1", "v1.15",
            "kubeadm.k8s.io/v1beta2", "v1.22", "kubeadm.k8s.io/v1beta3", "v1.31");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private ConfigDocuments() {
    }

    /** The documents of the file by kind, each checked against its v1beta4 shape. */
    static Map<String, JsonNode> read(SimulatorEnv env, String hostPath) {
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

    private static void accept(JsonNode doc, Map<String, JsonNode> byKind) {
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
}
