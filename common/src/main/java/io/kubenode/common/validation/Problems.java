package io.kubenode.common.validation;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of one validation run, so all of them are reported at once. */
public final class Problems {
    private final List<Problem> found = new ArrayList<>();

    public void error(String path, String message) {
        found.add(Problem.error(path, message));
    }

    public void warning(String path, String message) {
        found.add(Problem.warning(path, message));
    }

    /** Reports a missing required value; returns true when it is present, so callers can go deeper. */
    public boolean required(String path, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            error(path, "required");
            return false;
        }
        return true;
    }

    public ValidationResult result() {
        return new ValidationResult(found);
    }
}
