package io.kubenode.agent.enroll;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.validation.Patterns;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Node names: a DNS-1123 subdomain, as Kubernetes names nodes and as the controller signs them into certificates.
 * By default the host's name, lower-cased (kubelet registers the node under the same lower-cased name).
 */
public final class NodeNames {
    static final String HOSTNAME_FILE = "/proc/sys/kernel/hostname";

    private NodeNames() {
    }

    /** Why the name cannot be a node name, or empty when it can. */
    public static Optional<String> problem(String name) {
        if (Patterns.isDns1123Subdomain(name)) {
            return Optional.empty();
        }
        return Optional.of("expected a DNS-1123 name (lower-case letters, digits, '-' and '.', at most "
                + Patterns.DNS_1123_MAX_LENGTH + " characters, starting and ending with a letter or digit), got '"
                + name + "'");
    }

    /** The host's name, lower-cased, when it is a valid node name; otherwise a message asking for --node-name. */
    public static String fromHostname(Host host) throws HostException {
        Optional<String> hostname = host.read(HOSTNAME_FILE)
                .map(bytes -> new String(bytes, StandardCharsets.UTF_8).strip().toLowerCase(Locale.ROOT))
                .filter(name -> !name.isEmpty());
        if (hostname.isEmpty()) {
            throw new HostException("cannot read the hostname from " + HOSTNAME_FILE + "; pass --node-name");
        }
        Optional<String> problem = problem(hostname.get());
        if (problem.isPresent()) {
            throw new HostException("the hostname is no node name: " + problem.get() + "; pass --node-name");
        }
        return hostname.get();
    }
}
