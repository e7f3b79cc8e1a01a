package io.kubenode.agent.cli;

import sun.misc.Signal;

/**
 * SIGTERM (systemctl stop) and SIGINT stop the daemon as its exit codes promise: the daemon thread is interrupted,
 * finishes, releases its lock and metrics port, and the process exits 0. A JVM shutdown hook could only interrupt
 * it and then exit 143 without waiting for it.
 */
final class StopSignals {
    private StopSignals() {
    }

    static void interruptOnStop(Thread daemon) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> daemon.interrupt());
        }
    }
}
