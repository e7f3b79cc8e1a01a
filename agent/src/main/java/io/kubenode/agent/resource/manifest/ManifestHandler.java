package io.kubenode.agent.resource.manifest;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.step.ApiUnreachable;
import io.kubenode.agent.resource.step.StepCommand;
import io.kubenode.common.catalog.ManifestSpec;

import java.time.Duration;
import java.util.List;

/**
 * Kubernetes objects from a file, applied server-side with kubectl (the CNI manifest after init). In sync when
 * {@code kubectl diff --server-side} exits 0; exit 1 means a difference, so apply runs; any other exit is an error,
 * "not ready" when the API does not answer (yet), failed otherwise. Writes no host file.
 */
public final class ManifestHandler implements ResourceHandler<ManifestSpec, ManifestActual> {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public Class<ManifestSpec> specType() {
        return ManifestSpec.class;
    }

    @Override
    public ManifestActual observe(ManifestSpec spec, Host host) throws HostException, NotReadyException {
        if (host.stat(spec.kubeconfig()).isEmpty()) {
            throw new NotReadyException("waiting for " + spec.kubeconfig() + " (written by kubeadm init)");
        }
        if (host.stat(spec.file()).isEmpty()) {
            throw new HostException(spec.file() + " does not exist: nothing to apply");
        }
        String label = "kubectl diff";
        CommandResult result = StepCommand.runAllowingFailure(host, label, argv(spec, "diff"), timeout(spec));
        if (result.exitCode() == 0) {
            return new ManifestActual(false, 0);
        }
        if (result.exitCode() == 1) {
            return new ManifestActual(true, (int) result.stdout().lines().count());
        }
        if (ApiUnreachable.says(result.stdout() + result.stderr())) {
            throw new NotReadyException(StepCommand.failure(label, result, "the API does not answer yet"));
        }
        throw new HostException(StepCommand.failure(label, result, ""));
    }

    @Override
    public List<Change> diff(ManifestSpec spec, ManifestActual actual) {
        if (!actual.differs()) {
            return List.of();
        }
        return List.of(Change.update(spec.id(), "run " + String.join(" ", argv(spec, "apply")) + " (kubectl diff: "
                + actual.diffLines() + " lines)"));
    }

    @Override
    public void apply(ManifestSpec spec, ManifestActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        StepCommand.run(host, "kubectl apply", argv(spec, "apply"), timeout(spec));
    }

    @Override
    public String activity(ManifestSpec spec) {
        return "kubectl apply -f " + spec.file();
    }

    /** {@code kubectl --kubeconfig K <verb> --server-side --force-conflicts -f FILE}. */
    static List<String> argv(ManifestSpec spec, String verb) {
        return List.of("kubectl", "--kubeconfig", spec.kubeconfig(), verb, "--server-side", "--force-conflicts", "-f",
                spec.file());
    }

    private static Duration timeout(ManifestSpec spec) {
        return spec.timeoutSeconds() > 0 ? Duration.ofSeconds(spec.timeoutSeconds()) : DEFAULT_TIMEOUT;
    }
}
