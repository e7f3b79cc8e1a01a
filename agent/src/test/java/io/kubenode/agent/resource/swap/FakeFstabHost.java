package io.kubenode.agent.resource.swap;

import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For the real swap test: files live under a temporary root (so /etc/fstab and /run/systemd are the test's, never
 * the machine's), except /proc/swaps, which is the real one filtered to the test's own swap file, so the agent
 * cannot see, let alone turn off, a swap this machine already uses. Commands run for real (swapoff).
 */
final class FakeFstabHost extends LocalHost {
    private final String ownSwap;

    FakeFstabHost(Path root, String ownSwap) {
        super(root);
        this.ownSwap = ownSwap;
    }

    @Override
    public Optional<byte[]> read(String hostPath) throws HostException {
        if (!hostPath.equals("/proc/swaps")) {
            return super.read(hostPath);
        }
        Optional<byte[]> real = LocalHost.machine().read("/proc/swaps");
        if (real.isEmpty()) {
            return real;
        }
        List<String> kept = new ArrayList<>();
        for (String line : new String(real.get(), StandardCharsets.UTF_8).split("\n")) {
            if (line.startsWith("Filename") || line.split("\\s+", 2)[0].equals(ownSwap)) {
                kept.add(line);
            }
        }
        return Optional.of((String.join("\n", kept) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
