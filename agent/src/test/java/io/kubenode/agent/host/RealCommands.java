package io.kubenode.agent.host;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.fail;

/** Runs real programs for test setup through the Host port, failing the test clearly when one is missing. */
public final class RealCommands {
    private static final LocalHost MACHINE = LocalHost.machine();

    private RealCommands() {
    }

    public static CommandResult run(String... argv) {
        try {
            return MACHINE.run(List.of(argv), Duration.ofMinutes(2));
        } catch (HostException e) {
            return fail("cannot run " + String.join(" ", argv) + " (is it installed? see deploy/test.sh): "
                    + e.getMessage(), e);
        }
    }

    public static CommandResult runChecked(String... argv) {
        CommandResult result = run(argv);
        if (!result.succeeded()) {
            fail(HostException.commandFailed(result).getMessage() + "\nstdout: " + result.stdout());
        }
        return result;
    }

    /** Cleanup: never throws, so a failing cleanup step does not hide the test's own failure or skip the next. */
    public static void runQuietly(String... argv) {
        try {
            MACHINE.run(List.of(argv), Duration.ofMinutes(2));
        } catch (HostException ignored) {
            // best effort
        }
    }

    /** A child JVM with the test class path, for mains that must run inside a namespace. */
    public static List<String> javaMain(Class<?> main, String... arguments) {
        List<String> argv = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        argv.addAll(List.of(arguments));
        return argv;
    }
}
