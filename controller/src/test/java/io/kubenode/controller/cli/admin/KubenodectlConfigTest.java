package io.kubenode.controller.cli.admin;

import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.Pem;
import io.kubenode.controller.cli.KubenodectlRunner;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which config kubenodectl reads, what it says when the config is wrong, and when the controller is not there. */
class KubenodectlConfigTest extends WithController {

    @Test
    void theConfigComesFromTheFlagThenKubenodeConfigThenTheHomeDirectory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home/.kube"));
        Path missing = dir.resolve("missing.conf");

        KubenodectlRunner.Run fromDefaultMissing = KubenodectlRunner.run(environment(Map.of()), "history");
        KubenodectlRunner.Run fromEnvironment = KubenodectlRunner.run(
                environment(Map.of("KUBENODE_CONFIG", config.toString())), "history");
        KubenodectlRunner.Run flagWins = KubenodectlRunner.run(
                environment(Map.of("KUBENODE_CONFIG", missing.toString())), "history", "--config", config.toString());
        KubenodectlRunner.Run fromEnvironmentMissing = KubenodectlRunner.run(
                environment(Map.of("KUBENODE_CONFIG", missing.toString())), "history");
        Files.copy(config, home.resolve("kubenode.conf"));
        KubenodectlRunner.Run fromDefault = KubenodectlRunner.run(environment(Map.of()), "history");

        assertThat(fromDefaultMissing.exitCode()).isEqualTo(1);
        assertThat(fromDefaultMissing.stderr()).isEqualTo("error: config " + home.resolve("kubenode.conf")
                + " (from the default; use --config FILE or set KUBENODE_CONFIG): no such file\n");
        assertThat(fromEnvironment.exitCode()).as(fromEnvironment.stderr()).isZero();
        assertThat(flagWins.exitCode()).as(flagWins.stderr()).isZero();
        assertThat(fromEnvironmentMissing.stderr()).isEqualTo("error: config " + missing
                + " (from $KUBENODE_CONFIG): no such file\n");
        assertThat(fromDefault.exitCode()).as(fromDefault.stderr()).isZero();
    }

    @Test
    void everyBadFieldIsNamedWithTheFile() throws Exception {
        Path bad = write("bad.conf", new KubenodeConfig(KubenodeConfig.API_VERSION, KubenodeConfig.KIND,
                "http://127.0.0.1:9443", "/etc/ca.crt", "/etc/admin.crt", "admin.key").toYaml());
        Path unknownField = write("typo.conf", Files.readString(config).replace("clientKey:", "clientKye:"));

        KubenodectlRunner.Run run = KubenodectlRunner.run(environment(Map.of()), "history", "--config", bad.toString());
        KubenodectlRunner.Run typo = KubenodectlRunner.run(environment(Map.of()), "get", "cluster", "--config",
                unknownField.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains(
                "error: config " + bad + " (from --config): server: expected an https URL with a host, got http://",
                "config " + bad + " (from --config): clientKey: expected an absolute path, got admin.key");
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.stderr()).contains("config " + unknownField + " (from --config): ", "clientKye");
    }

    @Test
    void aMissingCertificateFileOrAKeyOfAnotherCertificateIsNamed() throws Exception {
        Path noCa = withConfig("no-ca.conf", controller.url(), dir.resolve("nope/ca.crt"),
                controller.layout().adminCertificate(), controller.layout().adminKey());
        Path otherKey = withConfig("other-key.conf", controller.url(), controller.layout().caCertificate(),
                controller.layout().adminCertificate(), dir.resolve("controller/node1.key"));

        KubenodectlRunner.Run missing = KubenodectlRunner.run(environment(Map.of()), "history", "--config",
                noCa.toString());
        KubenodectlRunner.Run mismatch = KubenodectlRunner.run(environment(Map.of()), "history", "--config",
                otherKey.toString());

        assertThat(missing.stderr()).isEqualTo("error: config " + noCa + ": certificateAuthority: "
                + dir.resolve("nope/ca.crt") + ": no such file\n");
        assertThat(mismatch.exitCode()).isEqualTo(1);
        assertThat(mismatch.stderr()).contains("config " + otherKey + ": clientKey: " + dir.resolve("controller/node1.key")
                + ": the key does not belong to the certificate in " + controller.layout().adminCertificate());
    }

    @Test
    void aControllerThatIsNotListeningIsConnectionRefused() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path down = withConfig("down.conf", "https://127.0.0.1:" + port, controller.layout().caCertificate(),
                controller.layout().adminCertificate(), controller.layout().adminKey());

        KubenodectlRunner.Run run = KubenodectlRunner.run(environment(Map.of()), "get", "cluster", "--config",
                down.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("error: cannot reach the controller at https://127.0.0.1:" + port
                + " (config " + down + "): connection refused (is kubenode-controller serve running?)\n");
    }

    @Test
    void aServerOutsideTheConfigsCaFailsTheHandshake() throws Exception {
        Path otherCa = write("other-ca.crt", Pem.write(CertificateAuthority.create("other CA").certificate()));
        Path untrusted = withConfig("untrusted.conf", controller.url(), otherCa,
                controller.layout().adminCertificate(), controller.layout().adminKey());

        KubenodectlRunner.Run run = KubenodectlRunner.run(environment(Map.of()), "history", "--config",
                untrusted.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).startsWith("error: TLS with the controller at " + controller.url())
                .contains("(the server's certificate is not signed by the CA in " + otherCa + ")");
        assertThat(run.stdout()).isEmpty();
    }

    @Test
    void aNodeCertificateGetsTheControllersForbiddenInWords() throws Exception {
        Path asNode = withConfig("node.conf", controller.url(), controller.layout().caCertificate(),
                dir.resolve("controller/node1.crt"), dir.resolve("controller/node1.key"));

        KubenodectlRunner.Run run = KubenodectlRunner.run(environment(Map.of()), "get", "cluster", "--config",
                asNode.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("error: the controller answered 403 forbidden: this route is for admins "
                + "(O=kubenode:admins)\n");
    }

    @Test
    void usageErrorsExitTwoBeforeAnyConnection() {
        assertThat(ctl("get").exitCode()).isEqualTo(2);
        assertThat(ctl("get", "nodes", "--timeout", "5s").exitCode()).isEqualTo(2);
        assertThat(ctl("get", "nodes", "-w", "-o", "json").exitCode()).isEqualTo(2);
        assertThat(ctl("audit", "--limit", "0").exitCode()).isEqualTo(2);
        assertThat(ctl("apply").exitCode()).isEqualTo(2);
        assertThat(ctl("rollback", "--to", "x").exitCode()).isEqualTo(2);
    }

    private Path withConfig(String name, String server, Path ca, Path certificate, Path key) throws Exception {
        return write(name, KubenodeConfig.of(server, ca, certificate, key).toYaml());
    }
}
