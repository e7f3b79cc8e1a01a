package io.kubenode.agent.resource.clusternode;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.step.ApiUnreachable;
import io.kubenode.agent.resource.step.StepCommand;
import io.kubenode.common.catalog.ClusterNodeSpec;

import java.time.Duration;
import java.util.List;

/**
 * Deletes a departing node's Kubernetes Node object through this control plane's kubectl. Observes with
 * {@code kubectl get node NODE -o json}: NotFound is the goal; an API that does not answer, or no kubeconfig yet, is
 * "not ready". Applies with {@code kubectl delete node NODE}; a NotFound from it (deleted meanwhile) counts as done.
 * Writes no host file and never reads the kubeconfig (kubectl does).
 */
public final class ClusterNodeHandler implements ResourceHandler<ClusterNodeSpec, NodePresence> {
    /** One API call each; a delete of a Node object returns once it is gone (no finalizers on nodes). */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public Class<ClusterNodeSpec> specType() {
        return ClusterNodeSpec.class;
    }

    @Override
    public NodePresence observe(ClusterNodeSpec spec, Host host) throws HostException, NotReadyException {
        if (host.stat(spec.kubeconfig()).isEmpty()) {
            throw new NotReadyException("waiting for " + spec.kubeconfig() + " (written by kubeadm on a control "
                    + "plane)");
        }
        CommandResult result = StepCommand.runAllowingFailure(host, "kubectl get node", get(spec), TIMEOUT);
        if (result.exitCode() == 0) {
            return new NodePresence(true);
        }
        if (notFound(spec, result)) {
            return new NodePresence(false);
        }
        if (ApiUnreachable.says(result.stdout() + result.stderr())) {
            throw new NotReadyException(StepCommand.failure("kubectl get node", result, "the API does not answer"));
        }
        throw new HostException(StepCommand.failure("kubectl get node", result, ""));
    }

    @Override
    public List<Change> diff(ClusterNodeSpec spec, NodePresence actual) {
        return actual.present() ? List.of(Change.delete(spec.id(), "delete node " + spec.node() + ": run "
                + String.join(" ", delete(spec)))) : List.of();
    }

    @Override
    public void apply(ClusterNodeSpec spec, NodePresence actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        CommandResult result = StepCommand.runAllowingFailure(host, "kubectl delete node", delete(spec), TIMEOUT);
        if (result.exitCode() != 0 && !notFound(spec, result)) {
            throw new HostException(StepCommand.failure("kubectl delete node", result, ApiUnreachable.says(
                    result.stdout() + result.stderr()) ? "the API did not answer" : ""));
        }
    }

    @Override
    public String inSyncNote(ClusterNodeSpec spec, NodePresence actual) {
        return "the API has no node " + spec.node();
    }

    @Override
    public String activity(ClusterNodeSpec spec) {
        return "kubectl delete node " + spec.node();
    }

    static List<String> get(ClusterNodeSpec spec) {
        return List.of("kubectl", "--kubeconfig", spec.kubeconfig(), "get", "node", spec.node(), "-o", "json");
    }

    static List<String> delete(ClusterNodeSpec spec) {
        return List.of("kubectl", "--kubeconfig", spec.kubeconfig(), "delete", "node", spec.node());
    }

    /** kubectl's {@code Error from server (NotFound): nodes "NODE" not found}. */
    private static boolean notFound(ClusterNodeSpec spec, CommandResult result) {
        return result.exitCode() != 0 && result.stderr().contains("nodes \"" + spec.node() + "\" not found");
    }
}
