package io.kubenode.common.document;

import io.kubenode.common.validation.Problem;

import java.util.List;

/** A document read from bytes: the value, or why it could not be read. */
public sealed interface ReadResult<T> {

    record Read<T>(T value) implements ReadResult<T> {
    }

    record Unreadable<T>(List<Problem> problems) implements ReadResult<T> {
        public Unreadable {
            problems = List.copyOf(problems);
        }
    }
}
