package io.kubenode.agent.kubeadm.simulator;

/** A refusal or failure the simulated program reports on stderr before exiting with {@link #exitCode()}. */
final class SimulatorFailure extends RuntimeException {
    private final int exitCode;

    SimulatorFailure(String message) {
        this(message, 1);
    }

    SimulatorFailure(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
