package io.kubenode.common.pki;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real openssl for a test; a missing openssl fails the test (deploy/test.sh installs it). */
final class Openssl {

    record Result(List<String> argv, int exitCode, String stdout, String stderr) {
        String describe() {
            return String.join(" ", argv) + " -> exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private Openssl() {
    }

    static Result run(String... args) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        argv.add(program());
        argv.addAll(List.of(args));
        Path out = Files.createTempFile("openssl", ".out");
        Path err = Files.createTempFile("openssl", ".err");
        try {
            Process process = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("timed out: " + argv);
            }
            return new Result(argv, process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs and insists on exit 0, returning stdout. */
    static String ok(String... args) throws IOException, InterruptedException {
        Result result = run(args);
        if (result.exitCode() != 0) {
            throw new AssertionError(result.describe());
        }
        return result.stdout();
    }

    private static String program() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path path = Path.of(dir, "openssl");
            if (Files.isExecutable(path)) {
                return path.toString();
            }
        }
        throw new AssertionError("openssl is not installed; deploy/test.sh installs the test prerequisites");
    }
}
