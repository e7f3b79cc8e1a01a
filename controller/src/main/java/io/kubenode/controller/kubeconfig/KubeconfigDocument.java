package io.kubenode.controller.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.Pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kubeconfig (client-go's {@code v1 Config}) with one cluster, one user and one context, all named after the
 * cluster, as kubectl reads it: the server URL, the cluster CA inline ({@code certificate-authority-data}) and the
 * user's credentials as given ({@code client-certificate-data}, {@code client-key-data}, {@code token} ...).
 */
public final class KubeconfigDocument {
    private KubeconfigDocument() {
    }

    /** {@code user}: the user's fields in order (e.g. client-certificate-data); values as they go into the file. */
    public static String render(String clusterName, String server, X509Certificate clusterCa, String userName,
                                Map<String, String> user) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("server", server);
        cluster.put("certificate-authority-data", base64(Pem.write(clusterCa)));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", clusterName);
        context.put("user", userName);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("apiVersion", "v1");
        config.put("kind", "Config");
        config.put("clusters", List.of(named(clusterName, "cluster", cluster)));
        config.put("users", List.of(named(userName, "user", new LinkedHashMap<>(user))));
        config.put("contexts", List.of(named(clusterName, "context", context)));
        config.put("current-context", clusterName);
        config.put("preferences", Map.of());
        return Documents.toYamlInInsertionOrder(config);
    }

    /**
     * The kubeconfig {@code text} with {@code client-key-data} (the PEM key, base64) added to its one user: how
     * kubenodectl completes a minted kubeconfig with the key that never left it.
     */
    public static String withClientKey(String text, String keyPem) {
        JsonNode config;
        try {
            config = Documents.yaml().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("the controller's kubeconfig is not YAML: " + e.getMessage(), e);
        }
        JsonNode users = config == null ? null : config.path("users");
        if (users == null || !users.isArray() || users.size() != 1 || !users.get(0).path("user").isObject()) {
            throw new IllegalArgumentException("the controller's kubeconfig does not hold exactly one user");
        }
        ((ObjectNode) users.get(0).get("user")).put("client-key-data", base64(keyPem));
        return Documents.toYamlInInsertionOrder(config);
    }

    /** The server URL of an endpoint: {@code https://HOST:PORT} (an IPv6 literal in brackets). */
    public static String server(String host, int port) {
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    public static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }

    private static Map<String, Object> named(String name, String key, Map<String, Object> value) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put(key, value);
        return entry;
    }
}
