package io.kubenode.agent.host;

import java.time.Duration;
import java.util.List;

/**
 * A finished command: what ran, how it exited, what it printed, how long it took. {@code outputTail}: the last
 * {@value #TAIL_BYTES} bytes of stdout and stderr together in arrival order (what a failure message quotes).
 */
public record CommandResult(List<String> argv, int exitCode, String stdout, String stderr, Duration took,
                            String outputTail) {
    /** How much of a command's output a failure message quotes: 4 KiB. */
    public static final int TAIL_BYTES = 4096;

    public CommandResult {
        argv = List.copyOf(argv);
        if (outputTail == null) {
            String both = stdout + (stdout.isEmpty() || stdout.endsWith("\n") || stderr.isEmpty() ? "" : "\n")
                    + stderr;
            outputTail = both.length() <= TAIL_BYTES ? both : both.substring(both.length() - TAIL_BYTES);
        }
    }

    /** A result whose tail is stdout then stderr (simulations and fakes, where arrival order is not known). */
    public CommandResult(List<String> argv, int exitCode, String stdout, String stderr, Duration took) {
        this(argv, exitCode, stdout, stderr, took, null);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }
}
