package io.kubenode.controller.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.cli.KubenodectlRunner;
import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.orchestration.clusterapi.FakeApiServer;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code kubenodectl kubeconfig}: the key is made here, the certificate by the controller, and a real kubectl
 * (the independent client) uses the result against a TLS stand-in of the apiserver that requires a client
 * certificate of the cluster CA.
 */
class KubenodectlKubeconfigTest extends WithController {

    @Test
    void beforeAnyClusterDocumentThereIsNoKubeconfig() {
        KubenodectlRunner.Run run = ctl("kubeconfig");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("error: the controller answered 409 no_cluster: ",
                "no cluster document yet", "kubenodectl apply -f FILE");
    }

    @Test
    void aTtlOutsideTenMinutesToSevenDaysIsAUsageError() {
        assertThat(ctl("kubeconfig", "--ttl", "5m").exitCode()).isEqualTo(2);
        assertThat(ctl("kubeconfig", "--ttl", "8d").stderr()).contains("--ttl: expected 10m to 7d, got 8d");
    }

    @Test
    void kubectlUsesTheKubeconfigAgainstAnApiserverThatTrustsTheClusterCa() throws Exception {
        ctl("apply", "-f", write("cluster.yaml", example()).toString());
        Path file = dir.resolve("admin.kubeconfig");
        Instant asked = Instant.now();

        KubenodectlRunner.Run run = ctl("kubeconfig", "--ttl", "1h", "-o", file.toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr()).contains("kubeconfig for cluster lab (https://k8s-cp.internal:8888): "
                + "CN=kubenode-admin, O=kubeadm:cluster-admins, serial ", "; written to " + file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        JsonNode config = Documents.yaml().readTree(Files.readString(file));
        JsonNode user = config.path("users").get(0).path("user");
        X509Certificate certificate = Pem.readCertificate(decode(user.path("client-certificate-data")));
        Path key = Files.writeString(dir.resolve("client.key"), decode(user.path("client-key-data")));
        Path crt = Files.writeString(dir.resolve("client.crt"), Pem.write(certificate));
        assertThat(openssl("pkey", "-in", key.toString(), "-pubout"))
                .isEqualTo(openssl("x509", "-in", crt.toString(), "-noout", "-pubkey"));
        assertThat(certificate.getNotAfter().toInstant().getEpochSecond())
                .isCloseTo(asked.plusSeconds(3600).getEpochSecond(), within(30L));
        String serial = certificate.getSerialNumber().toString(16);
        assertThat(controller.store().audit(20)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("kubeconfig.issue");
            assertThat(entry.summary()).contains("serial " + serial, "ttl 3600 s");
        });

        ClusterPki pki = controller.services().clusterPki().stored().orElseThrow();
        try (FakeApiServer apiserver = new FakeApiServer(pki.clusterCa(), List.of("k8s-cp.internal"),
                pki.clusterCaCertificate())) {
            ExternalCommand.Result readyz = ExternalCommand.run(List.of(ExternalCommand.require("kubectl"),
                    "--kubeconfig", file.toString(), "--server", "https://127.0.0.1:" + apiserver.port(),
                    "--tls-server-name", "k8s-cp.internal", "get", "--raw", "/readyz"), Duration.ofSeconds(30),
                    Map.of("HOME", dir.toString()));

            assertThat(readyz.exitCode()).as(readyz.describe()).isZero();
            assertThat(readyz.stdout()).isEqualTo("ok");
            assertThat(apiserver.clients).hasSize(1);
            assertThat(apiserver.clients.get(0).getSerialNumber()).isEqualTo(certificate.getSerialNumber());
        }
    }

    @Test
    void onStdoutItIsACompleteKubeconfigWithTheKeyAndTheControllerNeverSawTheKey() throws Exception {
        ctl("apply", "-f", write("cluster.yaml", example()).toString());

        KubenodectlRunner.Run run = ctl("kubeconfig");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        JsonNode config = Documents.yaml().readTree(run.stdout());
        assertThat(config.path("current-context").asText()).isEqualTo("lab");
        String key = decode(config.path("users").get(0).path("user").path("client-key-data"));
        assertThat(key).startsWith("-----BEGIN PRIVATE KEY-----");
        String keyBody = key.lines().filter(line -> !line.startsWith("-----")).findFirst().orElseThrow();
        assertThat(controller.store().audit(50)).noneMatch(entry -> String.valueOf(entry.summary()).contains(keyBody));
        assertThat(run.stderr()).doesNotContain(keyBody);
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asText()), StandardCharsets.US_ASCII);
    }

    private static String openssl(String... args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(ExternalCommand.require("openssl")));
        argv.addAll(List.of(args));
        ExternalCommand.Result result = ExternalCommand.run(argv);
        return result.stdout();
    }
}
