package io.kubenode.controller.orchestration.view;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The record's ISO-8601 instants, read leniently: a time that does not parse shows as no time, not as an error. */
final class Times {
    private Times() {
    }

    static Optional<Instant> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Whole seconds from {@code start} to {@code end}, 0 when the start is unknown or later. */
    static long secondsBetween(String start, Instant end) {
        return parse(start).map(at -> Math.max(0, Duration.between(at, end).toSeconds())).orElse(0L);
    }
}
