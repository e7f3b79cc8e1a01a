package io.kubenode.agent.host;

import java.time.Duration;
import java.util.List;

/**
 * A command still running at its timeout: its whole process group was killed. Carries what it printed until then,
 * so the failure can say how far it got.
 */
public final class CommandTimedOut extends HostException {
    private final transient List<String> argv;
    private final Duration timeout;
    private final String outputTail;

    CommandTimedOut(List<String> argv, Duration timeout, String outputTail) {
        super(render(argv) + ": timed out after " + timeout.toSeconds() + " s (killed with its process group)");
        this.argv = List.copyOf(argv);
        this.timeout = timeout;
        this.outputTail = outputTail;
    }

    public List<String> argv() {
        return argv;
    }

    public Duration timeout() {
        return timeout;
    }

    /** The last {@value CommandResult#TAIL_BYTES} bytes of stdout and stderr, in arrival order. */
    public String outputTail() {
        return outputTail;
    }
}
