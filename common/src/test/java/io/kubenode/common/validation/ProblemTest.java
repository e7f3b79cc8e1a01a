package io.kubenode.common.validation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemTest {

    @Test
    void errorRendersAsPathColonMessage() {
        assertThat(Problem.error("spec.nodes[1].address", "required").render())
                .isEqualTo("spec.nodes[1].address: required");
    }

    @Test
    void warningRendersWithWarningMark() {
        assertThat(Problem.warning("spec.nodes", "no redundancy").render())
                .isEqualTo("spec.nodes: warning: no redundancy");
    }

    @Test
    void factoriesSetTheSeverity() {
        assertThat(Problem.error("p", "m").isError()).isTrue();
        assertThat(Problem.warning("p", "m").isError()).isFalse();
        assertThat(Problem.warning("p", "m").severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void requiredTreatsBlankTextAsMissing() {
        Problems problems = new Problems();

        boolean present = problems.required("a", " \t");
        boolean missing = problems.required("b", null);
        boolean given = problems.required("c", "x");

        assertThat(present).isFalse();
        assertThat(missing).isFalse();
        assertThat(given).isTrue();
        assertThat(problems.result().problems())
                .containsExactly(Problem.error("a", "required"), Problem.error("b", "required"));
    }
}
