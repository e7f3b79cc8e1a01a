package io.kubenode.controller.systemtest;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Test set-up steps run on several hosts at once; every step ends before the first failure is thrown. */
final class Parallel {
    interface Step<T> {
        void run(T item) throws Exception;
    }

    private Parallel() {
    }

    /** Runs {@code step} for each of {@code items} on {@code pool}; returns when all have ended. */
    static <T> void onEach(ExecutorService pool, Collection<T> items, Step<T> step) {
        List<Future<?>> started = new ArrayList<>();
        for (T item : items) {
            started.add(pool.submit(() -> {
                step.run(item);
                return null;
            }));
        }
        Cleanup failures = new Cleanup();
        for (Future<?> future : started) {
            failures.run(() -> result(future));
        }
        failures.throwFirst();
    }

    /** The future's value; what it threw is thrown as itself, not wrapped. */
    static <T> T result(Future<T> future) throws Exception {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
