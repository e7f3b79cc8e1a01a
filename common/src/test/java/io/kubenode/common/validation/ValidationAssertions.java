package io.kubenode.common.validation;

import io.kubenode.common.document.ClusterDocuments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares what a changed example reports with what a test expects, ignoring the example's own problems. */
final class ValidationAssertions {
    /** The unchanged example's problems (ClusterValidatorTest pins them: one warning). */
    private static final List<Problem> EXAMPLE_PROBLEMS = ClusterDocuments.example().validate().problems();

    private ValidationAssertions() {
    }

    static void assertCase(RuleCase rule) {
        assertExactly(rule.validate(), rule.expected());
    }

    /** Every expected problem is reported, and nothing else beyond the example's own problems. */
    static void assertExactly(ValidationResult result, List<Expected> expected) {
        List<Problem> added = added(result);
        List<Problem> unmatched = new ArrayList<>(added);
        for (Expected expectation : expected) {
            Optional<Problem> hit = unmatched.stream().filter(expectation::matches).findFirst();
            assertThat(hit).as("expected %s among:%n%s", expectation, render(added)).isPresent();
            unmatched.remove(hit.get());
        }
        assertThat(unmatched).as("unexpected problems:%n%s", render(unmatched)).isEmpty();
    }

    /** The expected problem is among those reported (for changes whose knock-on problems are not the point). */
    static void assertReports(ValidationResult result, Expected expected) {
        assertThat(result.problems()).as("expected %s among:%n%s", expected, render(result.problems()))
                .anyMatch(expected::matches);
    }

    static List<Problem> added(ValidationResult result) {
        List<Problem> added = new ArrayList<>(result.problems());
        EXAMPLE_PROBLEMS.forEach(added::remove);
        return added;
    }

    static String render(List<Problem> problems) {
        return problems.isEmpty() ? "  (none)"
                : problems.stream().map(problem -> "  " + problem.render()).collect(Collectors.joining("\n"));
    }
}
