package io.kubenode.controller.serve;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The wall clock plus the whole seconds a file holds (absent or empty: 0), read at every call. */
public final class FakeOffsetClock extends Clock {
    private final Path offsetFile;
    private final ZoneId zone;

    public FakeOffsetClock(Path offsetFile) {
        this(offsetFile, ZoneOffset.UTC);
    }

    private FakeOffsetClock(Path offsetFile, ZoneId zone) {
        this.offsetFile = offsetFile;
        this.zone = zone;
    }

    @Override
    public Instant instant() {
        return Instant.now().plusSeconds(offsetSeconds());
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId other) {
        return new FakeOffsetClock(offsetFile, other);
    }

    private long offsetSeconds() {
        String text;
        try {
            text = Files.readString(offsetFile).strip();
        } catch (NoSuchFileException absent) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the clock offset in " + offsetFile, e);
        }
        try {
            return text.isEmpty() ? 0 : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(offsetFile + " holds \"" + text + "\", expected whole seconds", e);
        }
    }
}
