package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code https://ENDPOINT_HOST:PORT/healthz} (or /readyz) asked from this host as a cluster client asks it: curl (an independent
 * TLS client) with the cluster CA, the endpoint's DNS name pinned to the VIP with --resolve (no DNS here), the
 * certificate verified, never skipped.
 */
record EndpointHealthz(String endpointHost, int port, String vip, Path caFile) {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** Whether the endpoint's /healthz answers 200 "ok" within a second. */
    boolean answers() throws IOException, InterruptedException {
        return answers("/healthz");
    }

    /** Whether {@code path} (/healthz, /readyz, /livez) answers 200 "ok" within a second. */
    boolean answers(String path) throws IOException, InterruptedException {
        ExternalCommand.Result result = ExternalCommand.run(List.of("curl", "--silent", "--fail", "--max-time", "1",
                "--cacert", caFile.toString(), "--resolve", endpointHost + ":" + port + ":" + vip,
                "https://" + endpointHost + ":" + port + path), TIMEOUT, Map.of());
        return result.exitCode() == 0 && result.stdout().equals("ok");
    }

    /** Asks every 100 ms until it answers; marks the first answer on {@code watch} and returns its time. */
    long awaitAnswering(VipWatch watch, Duration within) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (answers()) {
                return watch.mark("https://" + endpointHost + ":" + port + "/healthz answers 200 through the VIP");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("https://" + endpointHost + ":" + port + "/healthz (at " + vip
                + ") did not answer within " + within.toMillis() + " ms; timeline:\n"
                + String.join("\n", watch.timeline().stream().map(VipWatch.Event::toString).toList()));
    }
}
