package io.kubenode.agent.resource.service;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd in memory, for a machine without systemd as PID 1. Like systemd, it only knows unit files it loaded:
 * units installed up front, plus the {@code .service} files under the root's /etc/systemd/system, which it reads
 * on {@code daemon-reload} only, so a unit file written without a reload stays "not-found". Every command is
 * recorded.
 */
final class FakeSystemctl extends LocalHost {
    private final Map<String, String[]> units = new LinkedHashMap<>();
    private final List<List<String>> commands = new ArrayList<>();

    FakeSystemctl(Path root) {
        super(root);
    }

    /** A unit systemd already knows: unit file state (enabled, disabled, static, masked) and active state. */
    FakeSystemctl unit(String name, String unitFileState, String activeState) {
        units.put(name, new String[] {unitFileState, activeState});
        return this;
    }

    String unitFileState(String name) {
        return units.get(name)[0];
    }

    String activeState(String name) {
        return units.get(name)[1];
    }

    List<List<String>> commands() {
        return List.copyOf(commands);
    }

    long count(String... argv) {
        return commands.stream().filter(command -> command.equals(List.of(argv))).count();
    }

    /** The verbs run after {@code systemctl}, "show" included. */
    List<String> verbs() {
        return commands.stream().map(command -> command.get(1)).toList();
    }

    void forgetCommands() {
        commands.clear();
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws HostException {
        commands.add(List.copyOf(argv));
        if (!argv.get(0).equals("systemctl")) {
            throw new HostException(String.join(" ", argv) + ": cannot start: error=2, No such file or directory");
        }
        String verb = argv.get(1);
        if (verb.equals("daemon-reload")) {
            for (String file : list("/etc/systemd/system")) {
                if (file.endsWith(".service")) {
                    units.putIfAbsent(file.substring(0, file.length() - ".service".length()),
                            new String[] {"disabled", "inactive"});
                }
            }
            return result(argv, 0, "", "");
        }
        // unit names follow "--", as the agent runs systemctl
        List<String> operands = argv.subList(argv.indexOf("--") + 1, argv.size());
        String unit = operands.get(0);
        String[] state = units.get(unit);
        if (verb.equals("show")) {
            // like systemctl: one block per unit named, in order, separated by a blank line
            List<String> blocks = new java.util.ArrayList<>();
            for (String name : operands) {
                if (!name.startsWith("--")) {
                    String[] shown = units.get(name);
                    blocks.add(shown == null
                            ? "LoadState=not-found\nUnitFileState=\nActiveState=inactive\n"
                            : "LoadState=loaded\nUnitFileState=" + shown[0] + "\nActiveState=" + shown[1] + "\n");
                }
            }
            return result(argv, 0, String.join("\n", blocks), "");
        }
        boolean unitFileVerb = verb.equals("enable") || verb.equals("disable");
        // systemctl's own messages and exit codes for a missing and a masked unit
        if (state == null) {
            return result(argv, unitFileVerb ? 1 : 5, "", unitFileVerb
                    ? "Failed to " + verb + " unit: Unit file " + unit + ".service does not exist.\n"
                    : "Failed to " + verb + " " + unit + ".service: Unit " + unit + ".service not found.\n");
        }
        if (state[0].equals("masked") && verb.equals("enable")) {
            return result(argv, 1, "", "Failed to enable unit: Unit file /etc/systemd/system/" + unit
                    + ".service is masked.\n");
        }
        if (state[0].equals("masked") && (verb.equals("start") || verb.equals("restart"))) {
            return result(argv, 1, "", "Failed to " + verb + " " + unit + ".service: Unit " + unit
                    + ".service is masked.\n");
        }
        switch (verb) {
            case "enable" -> state[0] = "enabled";
            case "disable" -> state[0] = "disabled";
            case "start", "restart" -> state[1] = "active";
            case "stop" -> state[1] = "inactive";
            case "try-restart" -> {
                // restarts only a running unit; a stopped one stays stopped
            }
            default -> {
                return result(argv, 1, "", "Unknown command verb " + verb + ".\n");
            }
        }
        return result(argv, 0, "", "");
    }

    private static CommandResult result(List<String> argv, int exit, String stdout, String stderr) {
        return new CommandResult(argv, exit, stdout, stderr, Duration.ZERO);
    }
}
