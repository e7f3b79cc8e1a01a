package io.kubenode.agent.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The host paths a catalog may write (from /etc/kubenode/agent.yaml). Anything else is refused and reported,
 * never applied: a controller, or whoever took it over, cannot make the agent write /root/.ssh.
 */
public record PathPolicy(List<String> writablePrefixes) {

    public static final List<String> DEFAULT_WRITABLE = List.of(
            "/etc/", "/opt/cni/", "/usr/local/", "/var/lib/kubelet/", "/var/lib/kubenode-agent/");

    public PathPolicy {
        writablePrefixes = writablePrefixes.stream().map(PathPolicy::asDirectory).toList();
    }

    public static PathPolicy defaults() {
        return new PathPolicy(DEFAULT_WRITABLE);
    }

    /** Why the path may not be written, or empty when it may. */
    public Optional<String> refusal(String hostPath) {
        if (hostPath == null || !hostPath.startsWith("/")) {
            return Optional.of("not an absolute path: " + hostPath);
        }
        String normalized = Path.of(hostPath).normalize().toString();
        if (!normalized.equals(hostPath.endsWith("/") ? hostPath.substring(0, hostPath.length() - 1) : hostPath)) {
            return Optional.of("not a normalized path (no '.', '..' or '//'): " + hostPath);
        }
        for (String prefix : writablePrefixes) {
            if ((normalized + "/").startsWith(prefix)) {
                return Optional.empty();
            }
        }
        return Optional.of(hostPath + " is outside the writable paths " + String.join(", ", writablePrefixes));
    }

    /**
     * Why a path may not be written, given realPath, what its symbolic links resolve to: both the path as written
     * and the real path must be writable, so a link under a writable prefix cannot carry a write elsewhere.
     */
    public Optional<String> refusal(String hostPath, String realPath) {
        Optional<String> asWritten = refusal(hostPath);
        if (asWritten.isPresent() || realPath.equals(Path.of(hostPath).normalize().toString())) {
            return asWritten;
        }
        return refusal(realPath).map(why -> hostPath + " resolves through a symbolic link to " + realPath
                + ", which may not be written: " + why);
    }

    private static String asDirectory(String prefix) {
        return prefix.endsWith("/") ? prefix : prefix + "/";
    }
}
