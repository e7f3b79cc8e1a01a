package io.kubenode.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changes the rollout tests make to the seed's cluster document, as a person would edit its YAML; each fails the
 * test when the document does not have the line it edits.
 */
public final class DocumentEdits {
    private DocumentEdits() {
    }

    /** {@code spec.loadBalancer.haproxy.maxConnections} set to {@code limit}: haproxy.cfg on the control planes. */
    public static String withMaxConnections(String document, int limit) {
        return changed(document, document.replaceFirst("haproxy: \\{apiServerPort: 6443[^}]*}",
                "haproxy: {apiServerPort: 6443, maxConnections: " + limit + "}"), "the document's haproxy line",
                "maxConnections: " + limit);
    }

    /** {@code spec.loadBalancer.keepalived.checkIntervalSeconds} set to {@code seconds}: keepalived.conf. */
    public static String withCheckInterval(String document, int seconds) {
        return changed(document, document.replaceFirst("(keepalived: \\{[^}]*?)(, checkIntervalSeconds: \\d+)?}",
                "$1, checkIntervalSeconds: " + seconds + "}"), "the document's keepalived line",
                "checkIntervalSeconds: " + seconds);
    }

    /** containerd's sandbox image set to {@code image}: config.toml on every node, so containerd restarts. */
    public static String withSandboxImage(String document, String image) {
        return changed(document, document.replaceAll("(?m)^\\s+sandboxImage: .*\\n", "")
                .replaceFirst("(?m)^(\\s+)systemdCgroup: true\\n", "$0$1sandboxImage: " + image + "\n"),
                "the document's containerd", "sandboxImage: " + image);
    }

    /** {@code spec.rollout} draining workers, {@code maxUnavailable} of them at once. */
    public static String withDrainedRollout(String document, String maxUnavailable) {
        String changed = document.replaceAll("(?m)^  rollout: .*\\n", "").replaceFirst("(?m)^  nodes:\\n",
                "  rollout: {maxUnavailable: " + maxUnavailable + ", drainWorkers: true}\n$0");
        assertThat(changed).as("the document's spec.rollout").contains("drainWorkers: true");
        return changed;
    }

    /** {@code spec.rollout.healthTimeout} set to {@code timeout}, beside whatever else the rollout line sets. */
    public static String withHealthTimeout(String document, String timeout) {
        String changed = document.contains("\n  rollout: {")
                ? document.replaceFirst("\n  rollout: \\{(healthTimeout: [^,}]*,? ?)?", "\n  rollout: {healthTimeout: "
                        + timeout + ", ").replace(", }", "}")
                : document.replaceFirst("(?m)^  nodes:\n", "  rollout: {healthTimeout: " + timeout + "}\n$0");
        assertThat(changed).as("the document's spec.rollout").contains("healthTimeout: " + timeout);
        return changed;
    }

    /** {@code changed}, after checking that the edit happened and wrote {@code expected} into {@code what}. */
    private static String changed(String document, String changed, String what, String expected) {
        assertThat(changed).as(what).contains(expected).isNotEqualTo(document);
        return changed;
    }
}
