package io.kubenode.agent.policy;

import io.kubenode.agent.config.AgentConfig;
import io.kubenode.agent.resource.HandlerContext;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The host paths a catalog may write (agent.yaml's {@code writablePaths}), and the agent's own configuration and
 * state, which no catalog may write whatever {@code writablePaths} says: a controller, or whoever took it over, can
 * neither make the agent write /root/.ssh nor rewrite the agent's trust (its CA, controller URL, this policy) so a
 * compromise outlives the real controller's recovery.
 *
 * @param writablePrefixes directories (or single files) a catalog may write, each matched with everything under it
 * @param protectedPaths   the agent's config file, state dir and controller CA: refused, with everything under them
 *                         and every directory above them (an archive extracted there would reach them)
 */
public record PathPolicy(List<String> writablePrefixes, List<String> protectedPaths) {

    /**
     * What the compiler writes to prepare a host, and nothing more: {@code CompiledCatalogsPolicyTest} (controller)
     * compiles every example cluster and fails when a catalog writes outside the defaults or an entry of this list is
     * no longer needed.
     */
    public static final List<String> HOST_PREPARATION_WRITABLE = List.of(
            "/etc/hosts", "/etc/hostname", "/etc/fstab", "/etc/selinux/config",
            "/etc/modules-load.d/", "/etc/sysctl.d/", "/etc/containerd/", "/etc/systemd/system/",
            "/etc/yum.repos.d/", "/etc/apt/keyrings/", "/etc/apt/sources.list.d/", "/etc/apt/preferences.d/",
            "/etc/haproxy/", "/etc/keepalived/", "/etc/profile.d/kubenode-kubeconfig.sh",
            "/etc/kubenode/kubeadm/", "/etc/kubenode/manifests/",
            "/opt/cni/", "/usr/local/");

    /**
     * What the compiler writes only once the orchestrator releases a kubeadm step (so an example cluster compiled
     * without orchestration state does not show it): the cluster PKI a control plane gets for its init or join
     * ({@code /etc/kubernetes/pki/} with {@code etcd/}); the kubeadm config, discovery and token files are under
     * {@code /etc/kubenode/kubeadm/} above.
     */
    public static final List<String> RELEASED_STEP_WRITABLE = List.of("/etc/kubernetes/pki/");

    /** Every path a catalog may write by default: host preparation and released kubeadm steps. */
    public static final List<String> DEFAULT_WRITABLE = java.util.stream.Stream.concat(
            HOST_PREPARATION_WRITABLE.stream(), RELEASED_STEP_WRITABLE.stream()).toList();

    public PathPolicy {
        writablePrefixes = writablePrefixes.stream().map(PathPolicy::withoutTrailingSlash).toList();
        protectedPaths = protectedPaths.stream().map(PathPolicy::absoluteNormalized).distinct().toList();
    }

    /** The default writable paths, protecting the default config file and state dir. */
    public static PathPolicy defaults() {
        return new PathPolicy(DEFAULT_WRITABLE, List.of(AgentConfig.DEFAULT_PATH, HandlerContext.DEFAULT_STATE_DIR));
    }

    /** Why the path may not be written, or empty when it may. */
    public Optional<String> refusal(String hostPath) {
        if (hostPath == null || !hostPath.startsWith("/")) {
            return Optional.of("not an absolute path: " + hostPath);
        }
        String normalized = Path.of(hostPath).normalize().toString();
        if (!normalized.equals(withoutTrailingSlash(hostPath))) {
            return Optional.of("not a normalized path (no '.', '..' or '//'): " + hostPath);
        }
        for (String own : protectedPaths) {
            if (within(normalized, own) || within(own, normalized)) {
                return Optional.of(hostPath + " is " + (normalized.equals(own) ? "" : within(normalized, own)
                        ? "inside " : "above ") + "the agent's own configuration or state " + own
                        + ", which no catalog may write");
            }
        }
        for (String prefix : writablePrefixes) {
            if (within(normalized, prefix)) {
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

    /** {@code path} is {@code ancestor} or somewhere under it. */
    private static boolean within(String path, String ancestor) {
        return ancestor.equals("/") || path.equals(ancestor) || path.startsWith(ancestor + "/");
    }

    private static String withoutTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A configured path as the agent uses it: made absolute (a relative --config is relative to the cwd). */
    private static String absoluteNormalized(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }
}
