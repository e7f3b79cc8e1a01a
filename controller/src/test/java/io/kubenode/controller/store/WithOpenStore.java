package io.kubenode.controller.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

/** A fresh SQLite store per test in its own data dir, on a clock the test moves; closed after the test. */
abstract class WithOpenStore {
    static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dataDir;
    final SettableClock clock = new SettableClock(START);
    SqliteStore store;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dataDir, clock);
    }

    @AfterEach
    void close() {
        store.close();
    }
}
