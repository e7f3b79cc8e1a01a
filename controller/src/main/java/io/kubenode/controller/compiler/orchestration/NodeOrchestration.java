package io.kubenode.controller.compiler.orchestration;

import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.Released;
import io.kubenode.controller.rollout.RolloutRecord;

import java.util.List;

/**
 * What the orchestration record implies for one node's catalog: its released steps, the bootstrap token it holds
 * (creates and refreshes on the cluster), or null, the secrets those need, and the workers a rollout has this
 * control plane drain or uncordon. {@code leaving}: this node's own departure (it is leaving the cluster), or
 * null; {@code departures}: the departures of other nodes this control plane acts on, each at its current step.
 */
public record NodeOrchestration(Released released, BootstrapToken heldToken, OrchestrationSecrets secrets,
                                List<RolloutRecord.Drain> drains, Departure leaving, List<Departure> departures) {
    /** Nothing released: host preparation only. */
    public static final NodeOrchestration NONE = new NodeOrchestration(Released.NOTHING, null,
            OrchestrationSecrets.NONE, List.of());

    public NodeOrchestration {
        released = released == null ? Released.NOTHING : released;
        secrets = secrets == null ? OrchestrationSecrets.NONE : secrets;
        drains = drains == null ? List.of() : List.copyOf(drains);
        departures = departures == null ? List.of() : List.copyOf(departures);
    }

    /** Without departures. */
    public NodeOrchestration(Released released, BootstrapToken heldToken, OrchestrationSecrets secrets,
                             List<RolloutRecord.Drain> drains) {
        this(released, heldToken, secrets, drains, null, List.of());
    }
}
