package io.kubenode.agent.kubeadm.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's own tools the simulator runs on a host of its own ({@link SimulatorEnv#systemd}): systemctl,
 * systemd-run, journalctl. A failure is a {@link SimulatorFailure} with the command's output.
 */
final class HostCommands {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private HostCommands() {
    }

    /** Runs {@code argv} and returns its output (stdout and stderr together); fails unless it exits 0. */
    static String run(List<String> argv) {
        try {
            Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new SimulatorFailure(String.join(" ", argv.subList(0, Math.min(3, argv.size())))
                        + " failed: " + output.strip());
            }
            return output;
        } catch (IOException e) {
            throw new SimulatorFailure("cannot run " + argv.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimulatorFailure("interrupted: " + argv.get(0));
        }
    }

    /** The unit's last 20 journal lines, for a failure message. */
    static String journal(String unit) {
        try {
            return run(List.of("journalctl", "-u", unit, "-n", "20", "--no-pager"));
        } catch (SimulatorFailure e) {
            return "(no journal: " + e.getMessage() + ")";
        }
    }
}
