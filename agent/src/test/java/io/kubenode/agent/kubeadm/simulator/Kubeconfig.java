package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubenode.common.pki.CaTrust;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * A kubeconfig as kubeadm writes and kubectl reads it, with one cluster, one user and one context: the server URL, the
 * CA to verify it with, and either a client certificate or a bearer token.
 */
record Kubeconfig(String server, List<X509Certificate> cas, ClientIdentity client, String token) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    record ClientIdentity(PrivateKey key, X509Certificate certificate) {
    }

    /** The YAML text: cluster {@code clusterName}, user {@code user}. */
    static String render(String clusterName, String server, X509Certificate ca, String user, ClientIdentity client,
                         String token) {
        StringBuilder yaml = new StringBuilder()
                .append("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ")
                .append(base64(Pem.write(ca))).append("\n    server: ").append(server).append("\n  name: ")
                .append(clusterName).append("\ncontexts:\n- context:\n    cluster: ").append(clusterName)
                .append("\n    user: ").append(user).append("\n  name: ").append(user).append("@").append(clusterName)
                .append("\ncurrent-context: ").append(user).append("@").append(clusterName)
                .append("\nkind: Config\npreferences: {}\nusers:\n- name: ").append(user).append("\n  user:\n");
        if (client != null) {
            yaml.append("    client-certificate-data: ").append(base64(Pem.write(client.certificate())))
                    .append("\n    client-key-data: ").append(base64(Pem.write(client.key()))).append("\n");
        }
        if (token != null) {
            yaml.append("    token: ").append(token).append("\n");
        }
        return yaml.toString();
    }

    /** Reads a kubeconfig (file references resolve under the sandbox root), refusing what kubectl would refuse. */
    static Kubeconfig read(SimulatorEnv env, String hostPath) {
        Path file = env.host(hostPath);
        if (!Files.isRegularFile(file)) {
            throw new SimulatorFailure("couldn't load the kubeconfig file " + hostPath + ": open " + hostPath
                    + ": no such file or directory");
        }
        try {
            JsonNode root = YAML.readTree(file.toFile());
            String current = root.path("current-context").asText("");
            JsonNode context = named(root.path("contexts"), current, "context", hostPath).path("context");
            JsonNode cluster = named(root.path("clusters"), context.path("cluster").asText(""), "cluster", hostPath)
                    .path("cluster");
            JsonNode user = named(root.path("users"), context.path("user").asText(""), "user", hostPath)
                    .path("user");
            String server = cluster.path("server").asText("");
            if (server.isEmpty()) {
                throw new SimulatorFailure("invalid configuration: no server found for cluster in " + hostPath);
            }
            byte[] caPem = data(env, cluster, "certificate-authority");
            if (caPem == null) {
                throw new SimulatorFailure(hostPath + ": the cluster has no certificate-authority(-data); the "
                        + "simulator never trusts a server blindly");
            }
            List<X509Certificate> cas = CaTrust.parseBundle(caPem, hostPath + " certificate-authority-data");
            byte[] certificate = data(env, user, "client-certificate");
            byte[] key = data(env, user, "client-key");
            ClientIdentity client = certificate == null || key == null ? null : new ClientIdentity(
                    NodePki.readAnyKey(new String(key, StandardCharsets.UTF_8)),
                    Pem.readCertificate(new String(certificate, StandardCharsets.UTF_8)));
            String token = user.path("token").asText(null);
            return new Kubeconfig(server, cas, client, token);
        } catch (IOException | PkiException | IllegalArgumentException e) {
            throw new SimulatorFailure("error loading config file \"" + hostPath + "\": " + e.getMessage());
        }
    }

    private static JsonNode named(JsonNode list, String name, String what, String hostPath) {
        for (JsonNode entry : list) {
            if (name.isEmpty() || entry.path("name").asText("").equals(name)) {
                return entry;
            }
        }
        throw new SimulatorFailure("invalid configuration: " + what + " \"" + name + "\" not found in " + hostPath);
    }

    private static byte[] data(SimulatorEnv env, JsonNode node, String field) throws IOException {
        String inline = node.path(field + "-data").asText("");
        if (!inline.isEmpty()) {
            return Base64.getDecoder().decode(inline.strip());
        }
        String path = node.path(field).asText("");
        return path.isEmpty() ? null : Files.readAllBytes(env.host(path));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
