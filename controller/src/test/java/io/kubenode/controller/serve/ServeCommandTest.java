package io.kubenode.controller.serve;

import io.kubenode.controller.cli.KubenodeController;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** serve's --node-certificate-lifetime: a bad value is a usage error (exit 2) before anything listens. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServeCommandTest {
    private Path dir;

    @BeforeAll
    void init(@TempDir Path tempDir) {
        dir = tempDir;
        assertThat(new CommandLine(new KubenodeController()).execute("init", "--data-dir", data().toString(), "--san",
                "127.0.0.1")).isZero();
    }

    @Test
    void aLifetimeUnderAMinuteIsRefused() {
        String err = serveRefused("59s");

        assertThat(err).contains("--node-certificate-lifetime: expected at least 60s (1m), got 59s");
    }

    @Test
    void aLifetimeBeyondTheCaIsRefused() {
        String err = serveRefused("3651d");

        assertThat(err).contains("--node-certificate-lifetime: a node certificate must not outlive the agent CA,"
                + " which expires at ", "choose a shorter lifetime");
    }

    @Test
    void aLifetimeThatIsNoDurationIsRefused() {
        String err = serveRefused("90 days");

        assertThat(err).contains("--node-certificate-lifetime", "expected a duration such as 30s, 5m, 1h or 1h30m,"
                + " got '90 days'");
    }

    private String serveRefused(String lifetime) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new KubenodeController()).setErr(new PrintWriter(err)).execute("serve",
                "--data-dir", data().toString(), "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0",
                "--node-certificate-lifetime", lifetime);
        assertThat(exit).as(err.toString()).isEqualTo(2);
        return err.toString();
    }

    private Path data() {
        return dir.resolve("data");
    }
}
