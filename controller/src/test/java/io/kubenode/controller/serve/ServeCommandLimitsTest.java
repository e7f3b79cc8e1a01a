package io.kubenode.controller.serve;

import io.kubenode.controller.cli.KubenodeController;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The API limit flags of serve: a value below 1 is a usage error naming the flag, before anything listens. */
class ServeCommandLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aLimitBelowOneIsAUsageErrorNamingItsFlag() {
        Path data = dir.resolve("data");
        assertThat(new CommandLine(new KubenodeController()).execute("init", "--data-dir", data.toString(), "--san",
                "127.0.0.1")).isZero();

        for (String flag : new String[]{"--request-read-timeout", "--tls-handshake-timeout",
                "--max-anonymous-connections", "--max-watches-per-node", "--max-enrollments-in-flight",
                "--enroll-attempts-per-minute"}) {
            StringWriter err = new StringWriter();
            CommandLine serve = new CommandLine(new KubenodeController()).setErr(new PrintWriter(err, true));

            int exit = serve.execute("serve", "--data-dir", data.toString(), "--listen", "127.0.0.1:0",
                    "--metrics-listen", "127.0.0.1:0", flag, "0");

            assertThat(exit).as(flag).isEqualTo(2);
            assertThat(err.toString()).contains(flag + ": expected at least 1, got 0");
        }
    }
}
