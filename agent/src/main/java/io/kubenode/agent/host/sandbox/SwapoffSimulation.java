package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code swapoff PATH} in sandbox mode: the swap's line leaves ROOT/proc/swaps. Like the real command it fails
 * (exit 4, "Invalid argument") when PATH is not an active swap. {@code swapoff -a} is not simulated.
 */
public final class SwapoffSimulation implements CommandSimulation {
    static final String PROC_SWAPS = "/proc/swaps";

    @Override
    public Optional<CommandResult> simulate(List<String> argv, LocalHost root) throws HostException {
        if (argv.size() != 2 || !argv.get(0).equals("swapoff") || argv.get(1).startsWith("-")) {
            return Optional.empty();
        }
        String swaps = root.read(PROC_SWAPS).map(bytes -> new String(bytes, StandardCharsets.UTF_8)).orElse("");
        List<String> kept = new ArrayList<>();
        boolean removed = false;
        for (String line : swaps.split("\n")) {
            if (!line.isEmpty() && line.split("\\s+", 2)[0].equals(escaped(argv.get(1)))) {
                removed = true;
            } else if (!line.isEmpty()) {
                kept.add(line);
            }
        }
        if (!removed) {
            return Optional.of(CommandSimulation.exit(argv, 4, "",
                    "swapoff: " + argv.get(1) + ": swapoff failed: Invalid argument\n"));
        }
        root.writeAtomically(PROC_SWAPS, (String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8),
                FileAttributes.mode("0444"));
        return Optional.of(CommandSimulation.ok(argv, ""));
    }

    /** The kernel writes blanks and backslashes of a swap path as octal escapes. */
    private static String escaped(String path) {
        return path.replace("\\", "\\134").replace(" ", "\\040").replace("\t", "\\011").replace("\n", "\\012");
    }
}
