package io.kubenode.controller.realcheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real program for a test: argv, a timeout, captured output. Missing programs fail the test loudly. */
public final class ExternalCommand {

    public record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        public String describe() {
            return String.join(" ", argv) + " -> exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private ExternalCommand() {
    }

    public static Result run(List<String> argv) throws IOException, InterruptedException {
        return run(argv, Duration.ofSeconds(60), Map.of());
    }

    /** Runs with a longer {@code timeout} and {@code environment} added to this JVM's. */
    public static Result run(List<String> argv, Duration timeout, Map<String, String> environment)
            throws IOException, InterruptedException {
        return run(argv, timeout, environment, Path.of("/dev/null"));
    }

    /** As {@link #run(List, Duration, Map)}, with the program's standard input read from {@code stdin}. */
    public static Result run(List<String> argv, Duration timeout, Map<String, String> environment, Path stdin)
            throws IOException, InterruptedException {
        Path out = Files.createTempFile("kubenode-test", ".out");
        Path err = Files.createTempFile("kubenode-test", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(stdin.toFile()));
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s: " + argv + "\nstderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(argv, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * The absolute path of a program this test needs. Absent, the test fails and says how to get it:
     * deploy/test.sh installs every prerequisite, and nothing here is ever skipped.
     */
    public static String require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            for (String candidate : List.of(dir, "/usr/sbin", "/sbin")) {
                Path path = Path.of(candidate, program);
                if (Files.isExecutable(path)) {
                    return path.toString();
                }
            }
        }
        throw new AssertionError(program + " is not installed; deploy/test.sh installs the test prerequisites");
    }
}
