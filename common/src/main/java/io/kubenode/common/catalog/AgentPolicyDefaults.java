package io.kubenode.common.catalog;

import java.util.List;

/**
 * What an agent allows a catalog to run and set when its agent.yaml says nothing else, shared with the controller so
 * the compiler emits exactly these validators and the validator warns about a sysctl key agents would refuse.
 */
public final class AgentPolicyDefaults {
    /** The placeholder in a {@code validate} argv for the temporary file holding the new content. */
    public static final String CONTENT_PLACEHOLDER = "%s";
    /** haproxy's configuration check, as the compiler emits it for /etc/haproxy/haproxy.cfg. */
    public static final List<String> HAPROXY_CHECK = List.of("/usr/sbin/haproxy", "-c", "-f", CONTENT_PLACEHOLDER);
    /** The {@code validate} argvs a catalog may use: each exactly, program by absolute path. */
    public static final List<List<String>> VALIDATE_COMMANDS = List.of(HAPROXY_CHECK);
    /**
     * Kernel parameters a catalog may set: an entry ending in '.' allows its whole subtree, any other entry that one
     * key. What Kubernetes nodes need (networking, memory, the kubelet's --protect-kernel-defaults keys, inotify),
     * not kernel.core_pattern or kernel.modprobe, which name programs the kernel runs as root.
     */
    public static final List<String> SYSCTL_PREFIXES = List.of("net.", "vm.", "kernel.panic", "kernel.panic_on_oops",
            "kernel.keys.root_maxkeys", "kernel.keys.root_maxbytes", "kernel.pid_max", "fs.inotify.", "fs.file-max",
            "fs.nr_open");

    private AgentPolicyDefaults() {
    }

    /** Whether {@code key} is one of {@code prefixes}' keys or inside one of their subtrees. */
    public static boolean sysctlAllowed(String key, List<String> prefixes) {
        for (String prefix : prefixes) {
            if (prefix.endsWith(".") ? key.startsWith(prefix) : key.equals(prefix)) {
                return true;
            }
        }
        return false;
    }
}
