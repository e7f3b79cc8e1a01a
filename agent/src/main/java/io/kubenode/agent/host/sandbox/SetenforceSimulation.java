package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code setenforce 0|1|Permissive|Enforcing} in sandbox mode: the mode goes to ROOT/sys/fs/selinux/enforce,
 * where the kernel shows it.
 */
public final class SetenforceSimulation implements CommandSimulation {
    static final String ENFORCE = "/sys/fs/selinux/enforce";

    @Override
    public Optional<CommandResult> simulate(List<String> argv, LocalHost root) throws HostException {
        if (argv.size() != 2 || !argv.get(0).equals("setenforce")) {
            return Optional.empty();
        }
        String value = switch (argv.get(1).toLowerCase(Locale.ROOT)) {
            case "1", "enforcing" -> "1";
            case "0", "permissive" -> "0";
            default -> null;
        };
        if (value == null) {
            return Optional.of(CommandSimulation.exit(argv, 1, "",
                    "usage:  setenforce [ Enforcing | Permissive | 1 | 0 ]\n"));
        }
        root.writeAtomically(ENFORCE, value.getBytes(StandardCharsets.US_ASCII), FileAttributes.mode("0644"));
        return Optional.of(CommandSimulation.ok(argv, ""));
    }
}
