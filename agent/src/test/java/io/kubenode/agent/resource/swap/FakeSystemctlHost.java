package io.kubenode.agent.resource.swap;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * systemctl cannot run on this machine (no systemd as PID 1): a temporary root whose systemctl answers
 * {@code list-units} with a scripted listing and records every command; nothing is run.
 */
final class FakeSystemctlHost extends LocalHost {
    private final String listUnits;
    private final List<String> commands = Collections.synchronizedList(new ArrayList<>());

    FakeSystemctlHost(Path root, String listUnits) {
        super(root);
        this.listUnits = listUnits;
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        commands.add(String.join(" ", argv));
        String stdout = argv.equals(SystemdSwapUnits.LIST) ? listUnits : "";
        int exit = argv.get(0).equals("systemctl") ? 0 : 127;
        return new CommandResult(argv, exit, stdout, exit == 0 ? "" : argv.get(0) + ": not faked", Duration.ZERO);
    }

    List<String> commands() {
        return List.copyOf(commands);
    }
}
