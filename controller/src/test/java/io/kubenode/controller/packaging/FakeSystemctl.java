package io.kubenode.controller.packaging;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Stands in for systemd where a package's scripts meet it (this machine has no systemd as PID 1): systemctl,
 * systemd-tmpfiles, systemd-sysusers and the agent's class-archive maker, each logging its argv and exiting with a
 * chosen code, and a directory standing for /run/systemd/system (present: systemd runs). A script is run with
 * these paths put in place of the real ones, with everything else of it unchanged.
 */
final class FakeSystemctl {
    private static final List<String> COMMANDS = List.of("systemctl", "systemd-tmpfiles", "systemd-sysusers",
            "make-class-archive");
    private final Path bin;
    private final Path log;
    private final Path running;

    FakeSystemctl(Path dir, boolean systemdRuns, int exitCode) throws IOException {
        bin = Files.createDirectories(dir.resolve("bin"));
        log = dir.resolve("calls.log");
        running = dir.resolve("run-systemd-system");
        if (systemdRuns) {
            Files.createDirectories(running);
        }
        for (String command : COMMANDS) {
            Path fake = bin.resolve(command);
            Files.writeString(fake, "#!/bin/sh\necho \"" + command + " $*\" >>'" + log + "'\nexit " + exitCode + "\n");
            Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    /** Runs {@code script} with /bin/sh and {@code args} (as rpm and dpkg do), the fakes in place of the real paths. */
    ExternalCommand.Result run(String script, Map<String, String> otherPaths, String... args)
            throws IOException, InterruptedException {
        String rewired = script.replace("/usr/bin/systemctl", bin.resolve("systemctl").toString())
                .replace("/usr/bin/systemd-tmpfiles", bin.resolve("systemd-tmpfiles").toString())
                .replace("/usr/bin/systemd-sysusers", bin.resolve("systemd-sysusers").toString())
                .replace("/usr/share/kubenode/agent/make-class-archive", bin.resolve("make-class-archive").toString())
                .replace("/run/systemd/system", running.toString());
        for (Map.Entry<String, String> path : otherPaths.entrySet()) {
            rewired = rewired.replace(path.getKey(), path.getValue());
        }
        Path file = Files.createTempFile(bin.getParent(), "script", ".sh");
        Files.writeString(file, rewired);
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", file.toString()));
        argv.addAll(List.of(args));
        return ExternalCommand.run(argv, Duration.ofSeconds(30),
                Map.of("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin")));
    }

    /** The calls made so far, one "command args" per line, and forgets them. */
    List<String> takeCalls() throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        List<String> calls = Files.readAllLines(log);
        Files.delete(log);
        return calls;
    }
}
