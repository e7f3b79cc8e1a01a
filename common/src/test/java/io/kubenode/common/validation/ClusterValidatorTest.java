package io.kubenode.common.validation;

import io.kubenode.common.document.ClusterDocuments;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.ValidationAssertions.assertExactly;
import static org.assertj.core.api.Assertions.assertThat;

class ClusterValidatorTest {

    @Test
    void exampleIsValidWithExactlyOneWarningForTheUnpinnedManifest() {
        ValidationResult result = ClusterDocuments.example().validate();

        assertThat(result.valid()).isTrue();
        assertThat(result.errors()).isEmpty();
        assertThat(result.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.severity()).isEqualTo(Severity.WARNING);
            assertThat(problem.path()).isEqualTo("spec.network.manifest.sha256");
            assertThat(problem.message()).contains("insecureSkipVerify: true");
        });
    }

    @Test
    void exampleWarningRendersWithPathAndWarningMark() {
        Problem warning = ClusterDocuments.example().validate().problems().get(0);

        assertThat(warning.render()).isEqualTo("spec.network.manifest.sha256: warning: no sha256 and "
                + "insecureSkipVerify: true: whatever the URL serves will be installed as root on every node, unverified");
    }

    @Test
    void allProblemsAreReportedAtOnce() {
        ValidationResult result = ClusterDocuments.example()
                .set("spec.controlPlaneEndpoint.port", 0)
                .set("spec.loadBalancer.keepalived.virtualRouterId", 256)
                .set("spec.host.selinux", "off")
                .validate();

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).hasSize(3);
        assertExactly(result, List.of(
                error("spec.controlPlaneEndpoint.port", "expected a port in 1..65535"),
                error("spec.loadBalancer.keepalived.virtualRouterId", "expected 1..255"),
                error("spec.host.selinux", "expected enforcing, permissive or disabled")));
    }

    @Test
    void problemsOfOneRuleAreAllReportedToo() {
        ValidationResult result = ClusterDocuments.example()
                .set("spec.nodes[1].address", "192.168.0.61")
                .set("spec.nodes[2].address", "192.168.0.61")
                .validate();

        assertExactly(result, List.of(
                error("spec.nodes[1].address", "also at spec.nodes[0].address"),
                error("spec.nodes[2].address", "also at spec.nodes[0].address")));
    }

    @Test
    void warningsAloneLeaveADocumentValid() {
        ValidationResult result = ClusterDocuments.example()
                .set("spec.containerRuntime.containerd.systemdCgroup", false)
                .remove("spec.nodes[4]")
                .validate();

        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).hasSize(3);
        assertThat(result.valid()).isTrue();
    }

    @Test
    void resultSplitsErrorsFromWarningsKeepingOrder() {
        Problem first = Problem.error("a", "x");
        Problem second = Problem.warning("b", "y");
        Problem third = Problem.error("c", "z");

        ValidationResult result = ValidationResult.of(List.of(first, second, third));

        assertThat(result.errors()).containsExactly(first, third);
        assertThat(result.warnings()).containsExactly(second);
        assertThat(result.valid()).isFalse();
    }
}
