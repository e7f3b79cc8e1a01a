package io.kubenode.common.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * How every kubenode CLI runs: exit 0 ok, 1 invalid input or failed check, 2 usage error; a failure prints one
 * line, never a stack trace.
 */
public final class CommandLines {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int USAGE = 2;

    private CommandLines() {
    }

    public static CommandLine create(Object command, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((exception, cl, parseResult) -> {
            cl.getErr().println(cl.getCommandName() + ": " + describe(exception));
            cl.getErr().flush();
            return FAILED;
        });
        return commandLine;
    }

    private static String describe(Exception exception) {
        if (exception instanceof UncheckedIOException io) {
            return io.getCause().toString();
        }
        return exception.getMessage() != null ? exception.getMessage() : exception.toString();
    }

    /** Exit codes listed in every command's --help. */
    public static final String EXIT_HEADING = "%nExit codes:%n";
    public static final String EXIT_OK = "0:ok";
    public static final String EXIT_FAILED = "1:invalid input or failed check";
    public static final String EXIT_USAGE = "2:usage error";

    /** The version Maven stamped into the build. */
    public static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = CommandLines.class.getResourceAsStream("/io/kubenode/common/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[]{"kubenode " + properties.getProperty("version", "unknown")};
        }
    }
}
