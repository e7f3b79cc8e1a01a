package io.kubenode.controller.compiler.orchestration;

import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.rollout.RolloutRecord;

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
        BootstrapToken token = record.token();
        BootstrapToken held = token != null && node.equals(token.holder()) ? token : null;
        return new NodeOrchestration(record.released(node), held, secrets,
                RolloutRecord.drainsBy(record.rollout(), node));
    }
}
