package io.kubenode.agent.status;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.common.status.Condition;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NodeStatusBuilderTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final Instant T2 = T0.plusSeconds(120);

    private final NodeStatusBuilder builder = new NodeStatusBuilder("node1", false);

    @Test
    void beforeAnyCatalogOrPassBothConditionsAreUnknown() {
        NodeStatus status = builder.build(T0);

        assertThat(condition(status, Condition.CONVERGED).status()).isEqualTo(Condition.UNKNOWN);
        assertThat(condition(status, Condition.CATALOG_ACCEPTED).status()).isEqualTo(Condition.UNKNOWN);
        assertThat(status.converged()).isFalse();
        assertThat(status.lastPass()).isNull();
        assertThat(status.appliedGeneration()).isZero();
    }

    @Test
    void aConvergedPassReportsItsGenerationResourcesAndCounts() {
        builder.catalogAccepted(3, "sha256:abc");
        builder.passCompleted(report(3, resource("sysctl:a", "in_sync", null)));

        NodeStatus status = builder.build(T0);

        assertThat(status.node()).isEqualTo("node1");
        assertThat(status.observedGeneration()).isEqualTo(3);
        assertThat(status.appliedGeneration()).isEqualTo(3);
        assertThat(status.contentHash()).isEqualTo("sha256:g3");
        assertThat(status.converged()).isTrue();
        assertThat(status.counts()).containsEntry("in_sync", 1).containsEntry("failed", 0);
        assertThat(status.resources()).singleElement().satisfies(resource -> {
            assertThat(resource.id()).isEqualTo("sysctl:a");
            assertThat(resource.state()).isEqualTo("in_sync");
        });
        assertThat(status.lastPass().mode()).isEqualTo(Report.APPLY);
        assertThat(condition(status, Condition.CONVERGED).reason()).isEqualTo("Converged");
        assertThat(condition(status, Condition.CATALOG_ACCEPTED).status()).isEqualTo(Condition.TRUE);
    }

    @Test
    void failedResourcesMakeConvergedFalseAndAreNamed() {
        builder.passCompleted(report(2, resource("package:kubelet", "failed", "dnf exited 1"),
                resource("service:kubelet", "skipped", "blocked by package:kubelet")));

        Condition converged = condition(builder.build(T0), Condition.CONVERGED);

        assertThat(converged.status()).isEqualTo(Condition.FALSE);
        assertThat(converged.reason()).isEqualTo("ResourcesFailed");
        assertThat(converged.message()).contains("package:kubelet");
    }

    @Test
    void aNewerCatalogThanTheLastPassIsNotConvergedYet() {
        builder.passCompleted(report(2, resource("sysctl:a", "in_sync", null)));
        builder.catalogAccepted(3, "sha256:new");

        NodeStatus status = builder.build(T0);

        assertThat(status.observedGeneration()).isEqualTo(3);
        assertThat(status.appliedGeneration()).isEqualTo(2);
        assertThat(condition(status, Condition.CONVERGED).reason()).isEqualTo("NewCatalogPending");
    }

    @Test
    void aRefusedCatalogSaysWhyAndTheOneInForceStays() {
        builder.catalogAccepted(4, "sha256:good");
        builder.catalogRefused(5, List.of(Problem.error("metadata.contentHash",
                "does not match the content (expected sha256:x): refused whole")));

        NodeStatus status = builder.build(T0);
        Condition accepted = condition(status, Condition.CATALOG_ACCEPTED);

        assertThat(accepted.status()).isEqualTo(Condition.FALSE);
        assertThat(accepted.reason()).isEqualTo("ContentHashMismatch");
        assertThat(accepted.message()).contains("generation 5 refused whole, generation 4 stays in force");
        assertThat(status.observedGeneration()).isEqualTo(4);
        assertThat(status.contentHash()).isEqualTo("sha256:good");
    }

    @Test
    void aLaterAcceptedCatalogClearsTheRefusal() {
        builder.catalogRefused(5, List.of(Problem.error("kind", "expected NodeCatalog")));
        builder.catalogAccepted(6, "sha256:fixed");

        assertThat(condition(builder.build(T0), Condition.CATALOG_ACCEPTED).status()).isEqualTo(Condition.TRUE);
    }

    @Test
    void resourcesRefusedByTheAgentPolicyMakeTheCatalogNotAccepted() {
        builder.passCompleted(report(1, resource("file:/root/.ssh/authorized_keys", "failed",
                "refused by the path policy: /root/.ssh/authorized_keys is outside the writable paths /etc/")));

        Condition accepted = condition(builder.build(T0), Condition.CATALOG_ACCEPTED);

        assertThat(accepted.status()).isEqualTo(Condition.FALSE);
        assertThat(accepted.reason()).isEqualTo("AgentPolicy");
        assertThat(accepted.message()).contains("file:/root/.ssh/authorized_keys");
    }

    @Test
    void aValidatorOrSysctlRefusalAlsoMakesTheCatalogNotAccepted() {
        builder.passCompleted(report(1, resource("sysctl:kernel.core_pattern", "failed",
                "refused by the sysctl policy: spec.key kernel.core_pattern is not under the sysctlPrefixes [net.]")));

        Condition accepted = condition(builder.build(T0), Condition.CATALOG_ACCEPTED);

        assertThat(accepted.status()).isEqualTo(Condition.FALSE);
        assertThat(accepted.message()).contains("sysctl:kernel.core_pattern");
    }

    @Test
    void theTransitionTimeMovesOnlyWhenTheStatusChanges() {
        builder.passCompleted(report(1, resource("sysctl:a", "failed", "boom")));
        assertThat(condition(builder.build(T0), Condition.CONVERGED).lastTransitionTime()).isEqualTo(T0.toString());

        builder.passCompleted(report(1, resource("sysctl:a", "failed", "boom again")));
        assertThat(condition(builder.build(T1), Condition.CONVERGED).lastTransitionTime()).isEqualTo(T0.toString());

        builder.passCompleted(report(1, resource("sysctl:a", "changed", null)));
        assertThat(condition(builder.build(T2), Condition.CONVERGED).lastTransitionTime()).isEqualTo(T2.toString());
    }

    @Test
    void theStatusIsSentWithFactsAndTheSendingTime() {
        NodeStatus sent = NodeStatusBuilder.sending(builder.build(T0), T1, null);

        assertThat(sent.reportedAt()).isEqualTo(T1.toString());
        assertThat(sent.conditions()).hasSize(2);
    }

    private static Condition condition(NodeStatus status, String type) {
        return status.conditions().stream().filter(condition -> condition.type().equals(type)).findFirst()
                .orElseThrow();
    }

    static Report report(long generation) {
        return report(generation, resource("sysctl:a", "in_sync", null));
    }

    static Report report(long generation, ResourceReport... resources) {
        return new Report("node1", generation, "sha256:g" + generation, Report.APPLY, false, T0.toString(), 12,
                List.of(resources), List.of());
    }

    static ResourceReport resource(String id, String state, String message) {
        return new ResourceReport(id, id.substring(0, id.indexOf(':')), state, List.of(), message, 10);
    }
}
