package io.kubenode.common.cli;

import sun.misc.Signal;

/**
 * SIGTERM (systemctl stop) and SIGINT stop a long-running command the way its exit codes promise: the action
 * wakes the command's own thread, which finishes its work, releases what it holds and returns 0. A JVM shutdown
 * hook could not: once the hooks ran, the JVM exits 143 without waiting for that thread.
 */
public final class StopSignals {
    private StopSignals() {
    }

    public static void onStop(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> action.run());
        }
    }
}
