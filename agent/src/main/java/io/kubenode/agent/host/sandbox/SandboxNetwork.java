package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.Download;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.ProbeResult;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Network access in sandbox mode, which never reaches the network: a download becomes a small stand-in file that
 * says what it stands for; a CRI socket probe asks the systemctl simulation whether the unit that owns the socket
 * runs; an https probe is assumed healthy (there is no simulated server to ask).
 */
final class SandboxNetwork {
    private SandboxNetwork() {
    }

    /** The stand-in's content; the archive handler places it where the real artifact would be installed. */
    static byte[] standIn(String url, String sha256) {
        return ("# kubenode sandbox stand-in for " + url + "@sha256:" + (sha256 == null ? "UNVERIFIED" : sha256)
                + "\n# nothing was downloaded: this file was written by kubenode-agent --sandbox\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static Download download(LocalHost root, String url, String sha256, String cacheHostPath) throws HostException {
        byte[] content = standIn(url, sha256);
        root.writeAtomically(cacheHostPath, content, FileAttributes.mode("0644"));
        return new Download(cacheHostPath, content.length, 0, false);
    }

    /**
     * Healthy when a unit named after the socket runs in the systemctl simulation: for
     * {@code /run/containerd/containerd.sock} that is {@code containerd.service} (socket file name without its
     * extension, or its directory's name).
     */
    static ProbeResult probeSocket(LocalHost root, String socketHostPath) throws HostException {
        List<String> looked = new ArrayList<>();
        for (String unit : unitsFor(socketHostPath)) {
            looked.add(unit);
            Optional<byte[]> state = root.read(SystemctlSimulation.UNITS + "/" + unit);
            if (state.isPresent() && new String(state.get(), StandardCharsets.UTF_8).lines()
                    .anyMatch(line -> line.equals("ActiveState=active"))) {
                return ProbeResult.healthy("sandbox: " + unit + " runs in the systemctl simulation, so "
                        + socketHostPath + " is taken to answer (not contacted)");
            }
        }
        return ProbeResult.unhealthy("sandbox: no unit serving " + socketHostPath + " runs in the systemctl "
                + "simulation (looked for " + String.join(", ", looked) + ")");
    }

    static ProbeResult probeHttps(String url) {
        return ProbeResult.healthy("sandbox: " + url + " not contacted; taken to answer 200");
    }

    static Set<String> unitsFor(String socketHostPath) {
        String[] parts = socketHostPath.split("/");
        Set<String> units = new LinkedHashSet<>();
        String file = parts[parts.length - 1];
        int dot = file.indexOf('.');
        if (dot > 0) {
            units.add(file.substring(0, dot) + ".service");
        }
        if (parts.length >= 3 && !parts[parts.length - 2].isEmpty() && !parts[parts.length - 2].equals("run")) {
            units.add(parts[parts.length - 2] + ".service");
        }
        return units;
    }
}
