package io.kubenode.agent.host;

import java.time.Duration;
import java.util.List;

/** A finished command: what ran, how it exited, what it printed, how long it took. */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, Duration took) {

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
