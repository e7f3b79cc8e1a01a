package io.kubenode.controller.compiler.orchestration;

import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.Released;
import io.kubenode.controller.rollout.RolloutRecord;

import java.util.List;

/**
 * What the orchestration record implies for one node's catalog: its released steps, the bootstrap token it holds
 * (creates and refreshes on the cluster), or null, the secrets those need, and the workers a rollout has this
 * control plane drain or uncordon.
 */
public record NodeOrchestration(Released released, BootstrapToken heldToken, OrchestrationSecrets secrets,
                                List<RolloutRecord.Drain> drains) {
    /** Nothing released: host preparation only. */
    public static final NodeOrchestration NONE = new NodeOrchestration(Released.NOTHING, null,
            OrchestrationSecrets.NONE, List.of());

    public NodeOrchestration {
        released = released == null ? Released.NOTHING : released;
        secrets = secrets == null ? OrchestrationSecrets.NONE : secrets;
        drains = drains == null ? List.of() : List.copyOf(drains);
    }
}
