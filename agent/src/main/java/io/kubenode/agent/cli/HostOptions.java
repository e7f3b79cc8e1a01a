package io.kubenode.agent.cli;

import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.config.AgentConfig;
import io.kubenode.agent.config.AgentConfigLoader;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.validation.Problem;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** --root, --sandbox and --state-dir, shared by plan, apply and run; and the wiring they imply. */
final class HostOptions {

    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/",
            description = "Directory treated as the machine's root (default: ${DEFAULT-VALUE}).")
    Path root;

    @Option(names = "--sandbox", description = "Treat --root as a whole machine: commands are recorded and their "
            + "effect simulated under it, never run.")
    boolean sandbox;

    @Option(names = "--sandbox-simulator", paramLabel = "NAME=PATH",
            description = "With --sandbox: run NAME (kubeadm, kubectl or haproxy) through the executable PATH, as PATH "
                    + "plus the command's arguments, with KUBENODE_SANDBOX_ROOT and KUBENODE_SANDBOX_LOOPBACK set; "
                    + "probes then really contact the simulated components, and a file's validate command whose "
                    + "program is NAME runs. Repeatable.")
    Map<String, Path> sandboxSimulators = new LinkedHashMap<>();

    @Option(names = "--sandbox-unit", paramLabel = "NAME=PATH",
            description = "With --sandbox: after the simulated systemctl starts, stops or restarts the service NAME "
                    + "(haproxy, keepalived, containerd or kubelet), run PATH start|stop|restart UNIT with "
                    + "KUBENODE_SANDBOX_ROOT and KUBENODE_SANDBOX_LOOPBACK set (a test runs a real process for the "
                    + "unit); its failure fails the unit. Repeatable.")
    Map<String, Path> sandboxUnits = new LinkedHashMap<>();

    @Option(names = "--sandbox-loopback", paramLabel = "ADDRESS", defaultValue = SandboxSimulators.DEFAULT_LOOPBACK,
            description = "With --sandbox: the loopback address that is this sandbox machine's 127.0.0.1 (probe URLs'"
                    + " 127.0.0.1 and localhost go there; default: ${DEFAULT-VALUE}).")
    String sandboxLoopback;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The agent's state directory, under --root (default: stateDir of the config, else "
                    + StateDir.DEFAULT + ").")
    String stateDir;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = AgentConfig.DEFAULT_PATH,
            description = "Agent configuration (default: ${DEFAULT-VALUE}; missing means defaults).")
    String configPath;

    private AgentConfig config;

    /** Loads the agent config once; a bad config is an input error (exit 1) with every problem listed. */
    AgentConfig config() {
        if (config == null) {
            AgentConfigLoader.Loaded loaded = AgentConfigLoader.load(LocalHost.machine(), configPath);
            if (!loaded.ok()) {
                throw new IllegalArgumentException(configPath + ": " + String.join("; ",
                        loaded.problems().stream().map(Problem::render).toList()));
            }
            config = loaded.config();
        }
        return config;
    }

    String stateDir() {
        if (stateDir != null) {
            return stateDir;
        }
        return config().stateDir() != null ? config().stateDir() : StateDir.DEFAULT;
    }

    StateDir state(Host host) {
        return new StateDir(host, stateDir());
    }

    /** The state dir's run lock, or a one-line explanation on err naming the holder. */
    Optional<HostLock> lock(StateDir state, CommandLine commandLine) throws HostException {
        Optional<HostLock> lock = state.tryLock();
        if (lock.isEmpty()) {
            commandLine.getErr().println(commandLine.getCommandName() + ": another kubenode-agent run (pid "
                    + state.lockHolder() + ") holds " + state.path() + "/run.lock");
        }
        return lock;
    }

    Host host(CommandLine commandLine) {
        if (sandbox && root.toAbsolutePath().normalize().getParent() == null) {
            throw new CommandLine.ParameterException(commandLine, "--sandbox needs --root DIR other than /");
        }
        if (!sandbox) {
            if (!sandboxSimulators.isEmpty() || !sandboxUnits.isEmpty()
                    || !SandboxSimulators.DEFAULT_LOOPBACK.equals(sandboxLoopback)) {
                throw new CommandLine.ParameterException(commandLine,
                        "--sandbox-simulator, --sandbox-unit and --sandbox-loopback need --sandbox");
            }
            return new LocalHost(root);
        }
        return new SandboxHost(root, Simulations.all(), simulators(commandLine));
    }

    /** The simulators as given, each an existing executable, with a loopback address; a usage error otherwise. */
    private SandboxSimulators simulators(CommandLine commandLine) {
        try {
            return SandboxSimulators.of(sandboxSimulators, sandboxUnits, sandboxLoopback);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(commandLine, e.getMessage());
        }
    }

    Engine engine(OsFamily family) {
        return new Engine(Handlers.registry(new HandlerContext(family, stateDir(), Clock.systemUTC())),
                config().policy(configPath, stateDir()), Clock.systemUTC());
    }
}
