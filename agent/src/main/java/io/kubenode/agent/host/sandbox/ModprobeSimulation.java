package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code modprobe NAME} in sandbox mode: the module is added to ROOT/proc/modules in the kernel's format, so the
 * next observation finds it loaded. Options (-r and the like) are not simulated: such a command fails.
 */
public final class ModprobeSimulation implements CommandSimulation {
    static final String PROC_MODULES = "/proc/modules";

    @Override
    public Optional<CommandResult> simulate(List<String> argv, LocalHost root) throws HostException {
        // modprobe -- NAME, as the agent runs it; any option is not simulated
        if (argv.size() != 3 || !argv.get(0).equals("modprobe") || !argv.get(1).equals("--")
                || argv.get(2).startsWith("-")) {
            return Optional.empty();
        }
        String name = argv.get(2).replace('-', '_');
        String modules = root.read(PROC_MODULES).map(bytes -> new String(bytes, StandardCharsets.UTF_8))
                .orElse("");
        for (String line : modules.split("\n")) {
            if (line.split(" ", 2)[0].replace('-', '_').equals(name)) {
                return Optional.of(CommandSimulation.ok(argv, ""));
            }
        }
        String separator = modules.isEmpty() || modules.endsWith("\n") ? "" : "\n";
        String updated = modules + separator + name + " 16384 0 - Live 0x0000000000000000\n";
        root.writeAtomically(PROC_MODULES, updated.getBytes(StandardCharsets.UTF_8), FileAttributes.mode("0444"));
        return Optional.of(CommandSimulation.ok(argv, ""));
    }
}
