package io.kubenode.agent.resource.step;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.CommandTimedOut;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A long command that changes a cluster (kubeadm init, kubectl apply): run with its step's timeout; a non-zero
 * exit or a timeout becomes a failure naming the step, the exit code or timeout, the duration and the last 4 KiB of
 * what it printed, with secrets redacted ({@link CommandOutput}).
 */
public final class StepCommand {
    private StepCommand() {
    }

    /** The result of a command that exited 0; otherwise a HostException with the step's failure message. */
    public static CommandResult run(Host host, String label, List<String> argv, Duration timeout) throws HostException {
        return requireSuccess(label, runAllowingFailure(host, label, argv, timeout));
    }

    /** Any exit is a result; only a timeout (or a command that cannot start) is an exception. */
    public static CommandResult runAllowingFailure(Host host, String label, List<String> argv, Duration timeout)
            throws HostException {
        try {
            return host.run(argv, timeout);
        } catch (CommandTimedOut e) {
            throw new HostException(label + " timed out after " + e.timeout().toSeconds() + " s and was killed with "
                    + "its process group; last output:\n" + CommandOutput.redact(e.outputTail()));
        }
    }

    public static CommandResult requireSuccess(String label, CommandResult result) throws HostException {
        if (result.exitCode() != 0) {
            throw new HostException(failure(label, result, ""));
        }
        return result;
    }

    /** {@code kubeadm join exited 1 after 12.3 s; <detail; >last output:\n<tail>}. */
    public static String failure(String label, CommandResult result, String detail) {
        return label + " exited " + result.exitCode() + " after " + seconds(result.took())
                + (detail.isEmpty() ? "" : "; " + detail) + "; last output:\n"
                + CommandOutput.redact(result.outputTail()).strip();
    }

    public static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
