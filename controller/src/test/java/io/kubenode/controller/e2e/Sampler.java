package io.kubenode.controller.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads a value on a thread of its own every {@code every} until closed, keeping each reading with the time it
 * started.
 */
class Sampler<T> implements AutoCloseable {
    record Sample<T>(Instant at, T value) {
    }

    private final Supplier<T> read;
    private final Duration every;
    private final List<Sample<T>> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    Sampler(Supplier<T> read, Duration every) {
        this.read = read;
        this.every = every;
        this.thread = new Thread(this::sample, getClass().getSimpleName());
        this.thread.setDaemon(true);
    }

    void begin() {
        thread.start();
    }

    /** At a fixed rate: a reading that takes longer than {@code every} is followed by the next at once. */
    private void sample() {
        long next = System.nanoTime();
        while (running) {
            Instant at = Instant.now();
            try {
                T value = read.get();
                synchronized (samples) {
                    samples.add(new Sample<>(at, value));
                }
            } catch (RuntimeException | AssertionError e) {
                failure = e;
            }
            next += every.toNanos();
            long sleep = next - System.nanoTime();
            if (sleep <= 0) {
                next = System.nanoTime();
                continue;
            }
            try {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    List<Sample<T>> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** The last reading that failed, if any (a sample the controller could not answer is left out). */
    Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
