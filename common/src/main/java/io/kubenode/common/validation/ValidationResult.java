package io.kubenode.common.validation;

import java.util.List;

public record ValidationResult(List<Problem> problems) {

    public ValidationResult {
        problems = List.copyOf(problems);
    }

    public static ValidationResult of(List<Problem> problems) {
        return new ValidationResult(problems);
    }

    public List<Problem> errors() {
        return problems.stream().filter(Problem::isError).toList();
    }

    public List<Problem> warnings() {
        return problems.stream().filter(problem -> !problem.isError()).toList();
    }

    public boolean valid() {
        return problems.stream().noneMatch(Problem::isError);
    }
}
