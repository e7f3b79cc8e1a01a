package io.kubenode.controller.compiler.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.DepartureStep;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;
import io.kubenode.controller.rollout.RolloutRecord;

import java.util.List;

/**
 * An orchestration record with the secrets its released steps need: the second input of a compilation, besides the
 * cluster document. {@link #NONE}: nothing released, catalogs of host preparation only.
 */
public record CompileOrchestration(OrchestrationRecord record, OrchestrationSecrets secrets) {
    public static final CompileOrchestration NONE = new CompileOrchestration(null, OrchestrationSecrets.NONE);

    public CompileOrchestration {
        secrets = secrets == null ? OrchestrationSecrets.NONE : secrets;
    }

    public NodeOrchestration forNode(String node) {
        if (record == null) {
            return NodeOrchestration.NONE;
        }
        Departure leaving = record.departure(node);
        if (leaving != null) {
            return new NodeOrchestration(releasedToLeave(leaving), null, secrets, List.of(), leaving, List.of());
        }
        BootstrapToken token = record.token();
        BootstrapToken held = token != null && node.equals(token.holder()) ? token : null;
        List<Departure> actsOn = record.departures().values().stream()
                .filter(each -> node.equals(each.executor()) && !each.step().onTheNodeItself()).toList();
        return new NodeOrchestration(record.released(node), held, secrets,
                RolloutRecord.drainsBy(record.rollout(), node), null, actsOn);
    }

    /**
     * A leaving node keeps no step, token or cluster key: host preparation only until its reset is released, then
     * kubeadm reset (which deletes /etc/kubernetes/pki; nothing puts the keys back).
     */
    private static Released releasedToLeave(Departure leaving) {
        boolean reset = leaving.step().compareTo(DepartureStep.Resetting) >= 0;
        return reset ? Released.NOTHING.withKubeadm(new KubeadmStep(KubeadmSpec.RESET, 1, leaving.stepSince()))
                : Released.NOTHING;
    }
}
