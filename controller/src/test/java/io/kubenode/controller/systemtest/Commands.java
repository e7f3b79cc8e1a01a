package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Host commands the fixture cannot do without: a non-zero exit fails the test with argv, exit code and output. */
final class Commands {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Commands() {
    }

    static String check(String... argv) throws IOException, InterruptedException {
        return check(List.of(argv), TIMEOUT);
    }

    static String check(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        ExternalCommand.Result result = ExternalCommand.run(argv, timeout, Map.of());
        if (result.exitCode() != 0) {
            throw new AssertionError(result.describe());
        }
        return result.stdout();
    }
}
