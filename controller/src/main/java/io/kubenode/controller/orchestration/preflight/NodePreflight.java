package io.kubenode.controller.orchestration.preflight;

import java.util.List;
import java.util.Objects;

/**
 * One node's preflight: {@link Verdict#NOT_READY} when it has not reported facts yet (that is not a failure),
 * else the checks that passed and the failures.
 */
public record NodePreflight(String node, Verdict verdict, List<PreflightCheck> passed,
                            List<PreflightFailure> failures, String notReadyReason) {

    public enum Verdict { PASSED, FAILED, NOT_READY }

    public NodePreflight {
        Objects.requireNonNull(node, "node");
        passed = List.copyOf(passed);
        failures = List.copyOf(failures);
    }

    static NodePreflight notReady(String node, String reason) {
        return new NodePreflight(node, Verdict.NOT_READY, List.of(), List.of(), reason);
    }

    static NodePreflight checked(String node, List<PreflightCheck> passed, List<PreflightFailure> failures) {
        return new NodePreflight(node, failures.isEmpty() ? Verdict.PASSED : Verdict.FAILED, passed, failures, null);
    }

    public boolean hasPermanentFailure() {
        return failures.stream().anyMatch(PreflightFailure::permanent);
    }
}
