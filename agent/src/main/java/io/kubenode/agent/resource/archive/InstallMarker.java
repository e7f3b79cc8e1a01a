package io.kubenode.agent.resource.archive;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What was installed for an archive resource, kept under the state dir as one sha256sum-style line
 * ({@code <sha256>  <url>}). The {@code creates} path alone cannot tell versions apart; the marker can, so a new
 * sha256 in the catalog re-installs.
 */
final class InstallMarker {
    private final String stateDir;

    InstallMarker(String stateDir) {
        this.stateDir = stateDir;
    }

    String path(String name) {
        return stateDir + "/archives/" + name + ".sha256";
    }

    /** The recorded sha256 and URL; empty when nothing was installed through this agent. */
    Optional<String[]> read(Host host, String name) throws HostException {
        Optional<byte[]> content = host.read(path(name));
        if (content.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = new String(content.get(), StandardCharsets.UTF_8).strip().split("\\s+", 2);
        return Optional.of(new String[] {fields[0], fields.length > 1 ? fields[1] : ""});
    }

    void write(Host host, String name, String sha256, String url) throws HostException {
        host.writeAtomically(path(name), (sha256 + "  " + url + "\n").getBytes(StandardCharsets.UTF_8),
                FileAttributes.mode("0644"));
    }
}
