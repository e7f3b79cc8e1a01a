package io.kubenode.controller.systemtest;

/** Runs every cleanup step even when an earlier one failed; the first failure is thrown with the rest attached. */
final class Cleanup {
    interface Step {
        void run() throws Exception;
    }

    private Throwable first;

    void run(Step step) {
        try {
            step.run();
        } catch (Exception | AssertionError e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            if (first == null) {
                first = e;
            } else {
                first.addSuppressed(e);
            }
        }
    }

    void throwFirst() {
        if (first instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (first instanceof Error error) {
            throw error;
        }
        if (first != null) {
            throw new AssertionError("cleanup failed: " + first, first);
        }
    }
}
