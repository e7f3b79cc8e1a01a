package io.kubenode.agent.cli;

import com.sun.net.httpserver.HttpHandler;
import io.kubenode.agent.controller.FakeControllerRoutes;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.agent.identity.TestControllerPki;
import io.kubenode.common.pki.Pem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** kubenode-agent enroll as a person runs it, against a local HTTPS server answering like the enroll route. */
class EnrollCommandTest {
    private static final TestControllerPki PKI = new TestControllerPki("kubenode enroll cli CA");
    private static final String TOKEN = "abcdef.0123456789abcdef";

    @TempDir
    Path dir;
    private final TestHttpsServer server = TestHttpsServer.startAskingForClientCertificates(PKI.serverContext());

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void enrollSavesThePkiAndTellsWhatToDoNext() throws Exception {
        server.route("/api/v1/enroll", FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));

        AgentRunner.Run run = enroll("--ca-hash", PKI.pin(), "--node-name", "node1.internal");

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("enrolled node node1.internal with " + server.url(""))
                .contains("CA " + PKI.pin()).contains("kubenode-agent run").doesNotContain(TOKEN);
        assertThat(dir.resolve("state/pki/node.key")).exists();
        assertThat(Files.readString(dir.resolve("state/enrollment.yaml"))).contains("node1.internal");
    }

    @Test
    void theNodeNameDefaultsToTheLowerCasedHostname() throws Exception {
        server.route("/api/v1/enroll", FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("proc/sys/kernel"));
        Files.writeString(root.resolve("proc/sys/kernel/hostname"), "Node7.Example\n");
        Path caFile = Files.writeString(dir.resolve("ca.crt"), Pem.write(PKI.caCertificate()));

        AgentRunner.Run run = AgentRunner.run("enroll", "--controller", server.url(""), "--ca-file",
                caFile.toString(), "--token", TOKEN, "--root", root.toString(), "--config",
                dir.resolve("absent.yaml").toString());

        assertThat(run.exitCode()).as(run.stderr()).isZero();
        assertThat(run.stdout()).contains("enrolled node node7.example");
        assertThat(root.resolve("var/lib/kubenode-agent/pki/node.crt")).exists();
    }

    @Test
    void aRefusalPrintsTheControllersCodeAndMessageAndNeverTheToken() {
        server.route("/api/v1/enroll", FakeControllerRoutes.error(401, "invalid_token", "unknown bootstrap token"));

        AgentRunner.Run run = enroll("--ca-hash", PKI.pin(), "--node-name", "node1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("enroll: enrollment refused (HTTP 401): invalid_token: unknown bootstrap "
                + "token");
        assertThat(run.stdout() + run.stderr()).doesNotContain(TOKEN).doesNotContain("0123456789abcdef");
    }

    @Test
    void aPinMismatchIsRefusedWithBothPinsAndNothingSent() {
        server.route("/api/v1/enroll", FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90)));
        String wrong = "sha256:" + "ab".repeat(32);

        AgentRunner.Run run = enroll("--ca-hash", wrong, "--node-name", "node1");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("expected the CA pin " + wrong).contains(PKI.pin())
                .contains("nothing was sent");
        assertThat(server.requests()).isEmpty();
    }

    /** The token kept out of argv (where every local user sees it in ps): from a file, or from standard input. */
    @Test
    void theTokenComesFromAFileOrStandardInputAndNeverShowsInArgv() throws Exception {
        HttpHandler enroll = FakeControllerRoutes.enroll(PKI.ca(), Duration.ofDays(90));
        HttpHandler unauthorised = FakeControllerRoutes.error(401, "invalid_token", "unknown bootstrap token");
        server.route("/api/v1/enroll", exchange -> (("Bearer " + TOKEN).equals(exchange.getRequestHeaders()
                .getFirst("Authorization")) ? enroll : unauthorised).handle(exchange));
        Path tokenFile = Files.writeString(dir.resolve("token"), "  " + TOKEN + "\n");

        AgentRunner.Run fromFile = enrollWithout("--token-file", tokenFile.toString(), "--node-name", "node1",
                "--state-dir", dir.resolve("state").toString());
        InputStream stdin = System.in;
        AgentRunner.Run fromStdin;
        try {
            System.setIn(new ByteArrayInputStream((TOKEN + "\n").getBytes(StandardCharsets.US_ASCII)));
            fromStdin = enrollWithout("--token-file", "-", "--node-name", "node2", "--state-dir",
                    dir.resolve("state2").toString());
        } finally {
            System.setIn(stdin);
        }

        assertThat(fromFile.exitCode()).as(fromFile.stderr()).isZero();
        assertThat(fromStdin.exitCode()).as(fromStdin.stderr()).isZero();
        assertThat(server.requests()).hasSize(2);
        assertThat(fromFile.stdout() + fromFile.stderr() + fromStdin.stdout() + fromStdin.stderr())
                .doesNotContain("0123456789abcdef");
    }

    @Test
    void aTokenFileThatHoldsNoTokenIsAUsageErrorThatDoesNotShowIt() throws Exception {
        Path twoWords = Files.writeString(dir.resolve("token"), "abcdef.0123456789abcdef extra\n");

        AgentRunner.Run run = enrollWithout("--token-file", twoWords.toString(), "--node-name", "node1",
                "--state-dir", dir.resolve("state").toString());
        AgentRunner.Run both = enroll("--token-file", twoWords.toString(), "--node-name", "node1");
        AgentRunner.Run missing = enrollWithout("--token-file", dir.resolve("absent").toString(), "--node-name",
                "node1", "--state-dir", dir.resolve("state").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("--token-file: expected ID.SECRET").doesNotContain("0123456789abcdef");
        assertThat(both.exitCode()).as("--token and --token-file together").isEqualTo(2);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("--token-file").contains("no such file");
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(enroll("--ca-hash", PKI.pin(), "--ca-file", "/etc/ca.crt", "--node-name", "n1").exitCode())
                .isEqualTo(2);
        assertThat(enroll("--node-name", "n1").exitCode()).as("no trust given").isEqualTo(2);
        AgentRunner.Run badPin = enroll("--ca-hash", "md5:1234", "--node-name", "n1");
        assertThat(badPin.exitCode()).isEqualTo(2);
        assertThat(badPin.stderr()).contains("--ca-hash: expected a CA pin sha256:");
        AgentRunner.Run badName = enroll("--ca-hash", PKI.pin(), "--node-name", "Node_1");
        assertThat(badName.exitCode()).isEqualTo(2);
        assertThat(badName.stderr()).contains("--node-name: expected a DNS-1123 name");
        assertThat(AgentRunner.run("enroll", "--controller", "http://c:9443", "--ca-hash", PKI.pin(), "--token",
                TOKEN, "--node-name", "n1").exitCode()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void runWithoutACatalogOrAnEnrollmentSaysHowToGetOne() {
        AgentRunner.Run run = AgentRunner.run("run", "--state-dir", dir.resolve("state").toString(), "--config",
                dir.resolve("absent.yaml").toString(), "--metrics-listen", "127.0.0.1:0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.stderr()).contains("no catalog source").contains("kubenode-agent enroll");
    }

    @Test
    void runWithAControllerButNoKeySaysToEnrollFirst() throws Exception {
        Path config = Files.writeString(dir.resolve("agent.yaml"),
                "controller: {url: 'https://127.0.0.1:1'}\nnodeName: node1\n");

        AgentRunner.Run run = AgentRunner.run("run", "--state-dir", dir.resolve("state").toString(), "--config",
                config.toString(), "--metrics-listen", "127.0.0.1:0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stderr()).contains("enroll first");
    }

    /** enroll with the controller, its CA pin and no config, and {@code options} instead of --token. */
    private AgentRunner.Run enrollWithout(String... options) {
        String[] args = new String[options.length + 7];
        System.arraycopy(new String[]{"enroll", "--controller", server.url(""), "--ca-hash", PKI.pin(), "--config",
                dir.resolve("absent.yaml").toString()}, 0, args, 0, 7);
        System.arraycopy(options, 0, args, 7, options.length);
        return AgentRunner.run(args);
    }

    private AgentRunner.Run enroll(String... options) {
        String[] args = new String[options.length + 9];
        args[0] = "enroll";
        args[1] = "--controller";
        args[2] = server.url("");
        args[3] = "--token";
        args[4] = TOKEN;
        args[5] = "--state-dir";
        args[6] = dir.resolve("state").toString();
        args[7] = "--config";
        args[8] = dir.resolve("absent.yaml").toString();
        System.arraycopy(options, 0, args, 9, options.length);
        return AgentRunner.run(args);
    }
}
