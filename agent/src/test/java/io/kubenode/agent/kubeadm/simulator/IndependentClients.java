package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that share no code with the simulator, for checking its daemons: curl (TLS verified against the test's
 * CA, the endpoint name pinned to an address with --resolve), the preinstalled kubectl v1.32, the JDK HTTP client.
 */
final class IndependentClients {
    private final Path base;
    private final CertificateAuthority ca;
    private final String endpointAddress;
    private final String endpointName;
    private final int port;

    IndependentClients(Path base, CertificateAuthority ca, String endpointAddress, String endpointName, int port) {
        this.base = base;
        this.ca = ca;
        this.endpointAddress = endpointAddress;
        this.endpointName = endpointName;
        this.port = port;
    }

    /** curl as an independent TLS client: the name resolves to {@code address}, the certificate verifies with the CA. */
    String curl(String address, String path, String... extra) throws Exception {
        Path caFile = base.resolve("ca.crt");
        Files.writeString(caFile, Pem.write(ca.certificate()));
        String name = address.equals(endpointAddress) ? endpointName : address;
        List<String> argv = new ArrayList<>(List.of("curl", "-sS", "--max-time", "10", "--cacert", caFile.toString(),
                "-w", "\n%{http_code}"));
        if (!name.equals(address)) {
            argv.addAll(List.of("--resolve", name + ":" + port + ":" + address));
        }
        argv.addAll(List.of(extra));
        argv.add("https://" + name + ":" + port + path);
        Process curl = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(curl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        int newline = output.lastIndexOf('\n');
        return output.substring(newline + 1) + " " + output.substring(0, newline);
    }

    /** The preinstalled kubectl (v1.32) as an independent client, with an admin certificate from the CA. */
    String realKubectl(String... args) throws Exception {
        Path kubeconfig = base.resolve("real-kubectl.conf");
        Files.writeString(kubeconfig, Kubeconfig.render("sim", "https://" + endpointAddress + ":" + port, ca.certificate(),
                "kubernetes-admin", NodePki.client(ca, "kubernetes-admin", "kubeadm:cluster-admins"), null));
        List<String> argv = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "--cache-dir",
                base.resolve("kubectl-cache").toString(), "--request-timeout", "10s"));
        argv.addAll(List.of(args));
        Process kubectl = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(kubectl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(output).isZero();
        return output;
    }

    Path clientCertificate(String user, String group) throws IOException {
        KeyPair pair = KeyPairs.ecP256();
        X509Certificate certificate = ca.issueClient(pair.getPublic(), new SubjectName(user, group),
                Duration.ofHours(1));
        Path file = base.resolve("client.crt");
        Files.writeString(file, Pem.write(certificate));
        Files.writeString(base.resolve("client.key"), Pem.write(pair.getPrivate()));
        return file;
    }

    static String kubeletHealth(String address) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + address + ":10248/healthz")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
