package io.kubenode.controller.compiler.orchestration;

import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.Released;

/**
 * What the orchestration record implies for one node's catalog: its released steps, the bootstrap token it holds
 * (creates and refreshes on the cluster), or null, and the secrets those need.
 */
public record NodeOrchestration(Released released, BootstrapToken heldToken, OrchestrationSecrets secrets) {
    /** Nothing released: host preparation only. */
    public static final NodeOrchestration NONE = new NodeOrchestration(Released.NOTHING, null,
            OrchestrationSecrets.NONE);

    public NodeOrchestration {
        released = released == null ? Released.NOTHING : released;
        secrets = secrets == null ? OrchestrationSecrets.NONE : secrets;
    }
}
