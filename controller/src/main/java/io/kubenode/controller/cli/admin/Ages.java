package io.kubenode.controller.cli.admin;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** Times as people read them in tables: ages ("5s", "3m", "2h", "4d") and ISO instants to the second. */
final class Ages {
    static final String NEVER = "<never>";
    static final String NONE = "<none>";

    private Ages() {
    }

    /** How long ago {@code then} was: the largest whole unit, seconds up to a minute ... days from two days on. */
    static String age(Instant then, Instant now) {
        long seconds = Math.max(0, Duration.between(then, now).getSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return seconds / 60 + "m";
        }
        if (seconds < 48 * 3600) {
            return seconds / 3600 + "h";
        }
        return seconds / 86400 + "d";
    }

    /** The age of an ISO-8601 instant; "<never>" for null, the text itself if it is not an instant. */
    static String age(String iso, Instant now) {
        if (iso == null) {
            return NEVER;
        }
        try {
            return age(Instant.parse(iso), now);
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** An ISO-8601 instant cut to whole seconds ("2025-01-01T10:00:00Z"); "<none>" for null. */
    static String instant(String iso) {
        if (iso == null) {
            return NONE;
        }
        try {
            return Instant.parse(iso).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

    /** An expiry as {@link #instant}, marked "(expired)" once it is past {@code now}. */
    static String expiry(String iso, Instant now) {
        String shown = instant(iso);
        try {
            return Instant.parse(iso).isAfter(now) ? shown : shown + " (expired)";
        } catch (DateTimeParseException | NullPointerException e) {
            return shown;
        }
    }
}
