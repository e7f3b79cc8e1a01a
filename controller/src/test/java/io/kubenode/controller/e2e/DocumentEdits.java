package io.kubenode.controller.e2e;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The changes the rollout tests make to the seed's cluster document, as a person would edit its YAML; each fails the
 * test when the document does not have the line it edits.
 */
final class DocumentEdits {
    private DocumentEdits() {
    }

    /** {@code spec.loadBalancer.haproxy.maxConnections} set to {@code limit}: haproxy.cfg on the control planes. */
    static String withMaxConnections(String document, int limit) {
        String changed = document.replaceFirst("haproxy: \\{apiServerPort: 6443[^}]*}",
                "haproxy: {apiServerPort: 6443, maxConnections: " + limit + "}");
        assertThat(changed).as("the document's haproxy line").contains("maxConnections: " + limit)
                .isNotEqualTo(document);
        return changed;
    }

    /** containerd's sandbox image set to {@code image}: config.toml on every node, so containerd restarts. */
    static String withSandboxImage(String document, String image) {
        String changed = document.replaceAll("(?m)^\\s+sandboxImage: .*\\n", "")
                .replaceFirst("(?m)^(\\s+)systemdCgroup: true\\n", "$0$1sandboxImage: " + image + "\n");
        assertThat(changed).as("the document's containerd").contains("sandboxImage: " + image)
                .isNotEqualTo(document);
        return changed;
    }

    /** {@code spec.rollout} draining workers, {@code maxUnavailable} of them at once. */
    static String withDrainedRollout(String document, String maxUnavailable) {
        String changed = document.replaceAll("(?m)^  rollout: .*\\n", "").replaceFirst("(?m)^  nodes:\\n",
                "  rollout: {maxUnavailable: " + maxUnavailable + ", drainWorkers: true}\n$0");
        assertThat(changed).as("the document's spec.rollout").contains("drainWorkers: true");
        return changed;
    }

    /** {@code spec.rollout.healthTimeout} set to {@code timeout}, beside whatever else the rollout line sets. */
    static String withHealthTimeout(String document, String timeout) {
        String changed = document.contains("\n  rollout: {")
                ? document.replaceFirst("\n  rollout: \\{(healthTimeout: [^,}]*,? ?)?", "\n  rollout: {healthTimeout: "
                        + timeout + ", ").replace(", }", "}")
                : document.replaceFirst("(?m)^  nodes:\n", "  rollout: {healthTimeout: " + timeout + "}\n$0");
        assertThat(changed).as("the document's spec.rollout").contains("healthTimeout: " + timeout);
        return changed;
    }
}
