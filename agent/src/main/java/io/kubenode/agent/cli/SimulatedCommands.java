package io.kubenode.agent.cli;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.sandbox.SandboxHost;

/** Puts a sandbox host's simulated commands into its report, so every sandbox report says what did not run. */
final class SimulatedCommands {
    private SimulatedCommands() {
    }

    static Report attach(Report report, Host host) {
        return host instanceof SandboxHost sandbox ? report.withSimulatedCommands(sandbox.recordedCommands()) : report;
    }
}
