package io.kubenode.controller.compiler;

import io.kubenode.common.validation.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** The cluster document has errors; nothing was compiled. */
public final class InvalidClusterException extends RuntimeException {
    private final transient List<Problem> errors;

    public InvalidClusterException(List<Problem> errors) {
        super(errors.stream().map(Problem::render).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<Problem> errors() {
        return errors;
    }
}
