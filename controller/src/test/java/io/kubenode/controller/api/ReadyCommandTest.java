package io.kubenode.controller.api;

import io.kubenode.controller.cli.KubenodeController;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kubenode-controller ready}, the systemd unit's readiness wait (ExecStartPost=): 0 once the real API
 * answers /readyz with 200 over TLS verified against the data dir's CA, 1 when nothing answers in time or the
 * server is not the one the data dir's CA vouches for, 2 for an option serve does not know either.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadyCommandTest {
    private ApiTestServer server;
    private Path dir;

    private record Run(int exit, String out, String err) {
    }

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        server = new ApiTestServer(tempDir.resolve("server"));
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    @Test
    void aServingApiIsReadyWithServesOtherOptionsAlongside() {
        Run run = ready(server.layout.dataDir(), "--listen", "127.0.0.1:" + server.port, "--metrics-listen",
                "127.0.0.1:9106", "--max-watches-per-node=4", "--timeout", "20");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("API on 127.0.0.1:" + server.port + " (as 127.0.0.1) is ready");
    }

    @Test
    void aWildcardListenAddressIsAskedOnLoopback() {
        Run run = ready(server.layout.dataDir(), "--listen", "0.0.0.0:" + server.port, "--timeout", "20");

        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void nothingListeningFailsAfterTheTimeoutNamingTheAddressAndTheLastError() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }

        // Long enough for an attempt to end on a loaded machine (the first builds a TLS client): the error named is
        // the last attempt's, and an attempt cut off by the deadline has none but the timeout to name.
        Run run = ready(server.layout.dataDir(), "--listen", "127.0.0.1:" + closed, "--timeout", "4");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("the API on 127.0.0.1:" + closed + " (as 127.0.0.1) did not answer /readyz "
                + "with 200 within 4 s: ", "refused");
    }

    @Test
    void aServerAnotherCaVouchesForIsNotReady() {
        Path other = dir.resolve("other");
        assertThat(new CommandLine(new KubenodeController()).execute("init", "--data-dir", other.toString(), "--san",
                "127.0.0.1")).isZero();

        Run run = ready(other, "--listen", "127.0.0.1:" + server.port, "--timeout", "4");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("did not answer /readyz with 200", "PKIX path");
    }

    @Test
    void anUninitialisedDataDirFailsAtOnce() {
        Run run = ready(dir.resolve("nothing"), "--listen", "127.0.0.1:" + server.port, "--timeout", "30");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot check ", "server.crt");
    }

    @Test
    void anOptionServeDoesNotKnowIsAUsageError() {
        Run run = ready(server.layout.dataDir(), "--lisen", "127.0.0.1:" + server.port);

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("unknown option: '--lisen'");
    }

    private static Run ready(Path dataDir, String... options) {
        List<String> argv = new ArrayList<>(List.of("ready", "--data-dir", dataDir.toString()));
        argv.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = KubenodeController.run(new PrintWriter(out, true), new PrintWriter(err, true),
                argv.toArray(String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }
}
