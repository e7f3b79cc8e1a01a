package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;
import io.kubenode.common.pki.SubjectName;

import java.io.IOException;
import java.io.PrintStream;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;

/**
 * The kubelet's TLS bootstrap, condensed: a joining worker authenticates with its bootstrap token at the apiserver
 * stand-in and gets a client certificate {@code CN=system:node:NAME, O=system:nodes} signed by the cluster CA (what
 * the CSR API, the csrapprover and the controller-manager's signer do together). So a worker's kubelet.conf holds a
 * certificate, never the token, and the token is checked by the API reached through the endpoint.
 * Simulator-specific request: {@code POST PATH} with {@code {"nodeName": …, "publicKey": PEM}}.
 */
final class KubeletBootstrap {
    static final String PATH = "/apis/certificates.k8s.io/v1/certificatesigningrequests";
    private static final Duration VALIDITY = Duration.ofDays(365);

    record Answer(int status, String body) {
    }

    private final SimulatorEnv env;
    private final ClusterStore store;

    KubeletBootstrap(SimulatorEnv env, ClusterStore store) {
        this.env = env;
        this.store = store;
    }

    /** Daemon side: the token must pass as for a join; the node's public key gets a certificate. */
    Answer sign(String authorization, byte[] body) {
        String token = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring("Bearer ".length()).strip() : null;
        if (token == null || KubeadmToken.refusal(store, token) != null) {
            return new Answer(401, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\","
                    + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
        }
        try {
            JsonNode request = ClusterStore.JSON.readTree(body);
            String node = request.path("nodeName").asText("");
            PublicKey key = Pem.readPublicKey(request.path("publicKey").asText(""));
            CertificateAuthority ca = new NodePki(env).loadCa("ca");
            X509Certificate certificate = ca.issueClient(key, new SubjectName("system:node:" + node, "system:nodes"),
                    VALIDITY);
            return new Answer(201, ClusterStore.JSON.createObjectNode().put("certificate", Pem.write(certificate))
                    .toString());
        } catch (IOException | PkiException | IllegalArgumentException | SimulatorFailure e) {
            return new Answer(400, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":"
                    + ClusterStore.JSON.valueToTree(String.valueOf(e.getMessage())) + ",\"code\":400}");
        }
    }

    /** Join side: a new key, its certificate from the API; the token only travels in the request. */
    static Kubeconfig.ClientIdentity request(SimulatorEnv env, Kubeconfig discovery, String token, String nodeName,
                                             PrintStream out) {
        KeyPair pair = KeyPairs.ecP256();
        Kubeconfig withToken = new Kubeconfig(discovery.server(), discovery.cas(), null, token);
        String body = ClusterStore.JSON.createObjectNode().put("nodeName", nodeName)
                .put("publicKey", Pem.write(pair.getPublic())).toString();
        try {
            ApiClient.Response response = ApiClient.send(env, withToken, "POST", PATH, body, Duration.ofSeconds(10));
            if (response.status() != 201) {
                throw new SimulatorFailure("error execution phase kubelet-start: the kubelet's TLS bootstrap failed: "
                        + "the API server answered " + response.status() + ": " + response.body());
            }
            X509Certificate certificate = Pem.readCertificate(ClusterStore.JSON.readTree(response.body())
                    .path("certificate").asText(""));
            out.println("[kubelet-start] Waiting for the kubelet to perform the TLS Bootstrap");
            return new Kubeconfig.ClientIdentity(pair.getPrivate(), certificate);
        } catch (IOException e) {
            throw new SimulatorFailure("error execution phase kubelet-start: the kubelet's TLS bootstrap failed: "
                    + e.getMessage());
        }
    }
}
