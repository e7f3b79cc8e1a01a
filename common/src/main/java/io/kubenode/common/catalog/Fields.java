package io.kubenode.common.catalog;

import io.kubenode.common.validation.Patterns;
import io.kubenode.common.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects a spec's field problems as "path: expected X, got 'value'" ({@link ResourceFields}). */
final class Fields {
    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return List.copyOf(problems);
    }

    void check(String path, String value, boolean valid, String expected) {
        if (!valid) {
            problems.add(Problem.error(path, "expected " + expected + ", got " + (value == null ? "nothing"
                    : "'" + value + "'")));
        }
    }

    void match(String path, String value, Pattern pattern, String expected) {
        check(path, value, Patterns.matches(pattern, value), expected);
    }

    /** A Kubernetes node name: anything option-like or upper-case is refused before it reaches an argv. */
    void nodeName(String path, String value) {
        check(path, value, Patterns.isDns1123Subdomain(value), "a Kubernetes node name (DNS-1123: lower-case "
                + "letters, digits, '-' and '.', starting with a letter or digit)");
    }

    void path(String path, String value) {
        check(path, value, Patterns.isHostPath(value),
                "an absolute, normalized path (no '.', '..', '//', spaces or shell characters)");
    }

    void timeout(String path, int seconds, int max) {
        check(path, String.valueOf(seconds), seconds >= 1 && seconds <= max, "1 to " + max + " seconds");
    }

    void oneOf(String path, String value, Set<String> allowed) {
        check(path, value, value != null && allowed.contains(value), "one of " + allowed.stream().sorted()
                .toList());
    }
}
