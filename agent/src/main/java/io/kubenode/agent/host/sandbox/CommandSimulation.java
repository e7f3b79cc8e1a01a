package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The simulated effect of one family of commands in sandbox mode (modprobe, systemctl, a package manager ...),
 * kept as files under the sandbox root so that later observations see it. Production code: it is what
 * {@code --sandbox} runs instead of the real command.
 */
public interface CommandSimulation {

    /** The simulated result when this simulation handles the command; empty when it does not. */
    Optional<CommandResult> simulate(List<String> argv, LocalHost root) throws HostException;

    static CommandResult ok(List<String> argv, String stdout) {
        return new CommandResult(argv, 0, stdout, "", Duration.ZERO);
    }

    static CommandResult exit(List<String> argv, int code, String stdout, String stderr) {
        return new CommandResult(argv, code, stdout, stderr, Duration.ZERO);
    }
}
