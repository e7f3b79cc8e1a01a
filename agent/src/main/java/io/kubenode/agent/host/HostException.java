package io.kubenode.agent.host;

import java.util.List;

/** A host operation failed; for commands the message carries argv, exit code and stderr. */
public class HostException extends Exception {
    private final transient CommandResult command;

    public HostException(String message) {
        this(message, null, null);
    }

    public HostException(String message, Throwable cause) {
        this(message, null, cause);
    }

    private HostException(String message, CommandResult command, Throwable cause) {
        super(message, cause);
        this.command = command;
    }

    public static HostException commandFailed(CommandResult result) {
        String stderr = result.stderr().strip();
        return new HostException(render(result.argv()) + " exited " + result.exitCode()
                + (stderr.isEmpty() ? "" : ": " + lastLines(stderr, 5)), result, null);
    }

    /** The failed command, when this failure is one. */
    public CommandResult command() {
        return command;
    }

    static String render(List<String> argv) {
        return String.join(" ", argv);
    }

    private static String lastLines(String text, int count) {
        String[] lines = text.split("\n");
        int from = Math.max(0, lines.length - count);
        return String.join(" | ", java.util.Arrays.copyOfRange(lines, from, lines.length));
    }
}
