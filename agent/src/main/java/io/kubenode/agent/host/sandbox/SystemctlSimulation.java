package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * systemctl in sandbox mode: each unit's state is a small properties file under {@value #UNITS} (UnitFileState,
 * ActiveState). Every unit counts as installed (package installs are simulated too, so no unit file arrives);
 * one never touched is disabled and inactive. A masked unit refuses enable and start, as systemd does.
 *
 * <p>When the sandbox has a unit simulator for a unit ({@link SandboxSimulators#unitSimulatorFor}), each simulated
 * start, stop or restart of it (a restart: restart, reload-or-restart or try-restart of an active unit) is also acted
 * on by that executable, after the state change; if it fails, the unit is left {@code failed} and systemctl fails as
 * it does when a unit's start job fails.
 */
public final class SystemctlSimulation implements CommandSimulation {
    static final String UNITS = SandboxHost.STATE_DIR + "/systemd";
    private static final Set<String> UNIT_SUFFIXES = Set.of(".service", ".socket", ".target", ".timer", ".mount",
            ".automount", ".swap", ".path", ".slice", ".scope", ".device");
    private static final Set<String> SILENT = Set.of("daemon-reload", "daemon-reexec", "list-units",
            "list-unit-files", "reset-failed");
    private static final Set<String> CHANGING = Set.of("enable", "disable", "mask", "unmask", "start", "stop",
            "restart", "try-restart", "reload-or-restart", "reload");
    private static final Set<String> RESTARTING = Set.of("restart", "try-restart", "reload-or-restart");
    private static final String ACTIVE = "active";

    @Override
    public Optional<CommandResult> simulate(List<String> argv, LocalHost root) throws HostException {
        if (argv.isEmpty() || !argv.get(0).equals("systemctl")) {
            return Optional.empty();
        }
        List<String> operands = new ArrayList<>();
        List<String> properties = new ArrayList<>();
        boolean now = false;
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.startsWith("--property=")) {
                properties.addAll(List.of(arg.substring("--property=".length()).split(",")));
            } else if (arg.equals("-p") && i + 1 < argv.size()) {
                properties.addAll(List.of(argv.get(++i).split(",")));
            } else if (arg.equals("--now")) {
                now = true;
            } else if (!arg.startsWith("-")) {
                operands.add(arg);
            }
        }
        if (operands.isEmpty()) {
            return Optional.empty();
        }
        String verb = operands.get(0);
        List<String> units = operands.subList(1, operands.size()).stream().map(SystemctlSimulation::unitName).toList();
        if (SILENT.contains(verb)) {
            return Optional.of(CommandSimulation.ok(argv, ""));
        }
        if (verb.equals("show")) {
            return Optional.of(show(argv, units, properties, root));
        }
        if ((verb.equals("is-active") || verb.equals("is-enabled")) && units.size() == 1) {
            return Optional.of(query(argv, verb, load(root, units.get(0))));
        }
        if (!CHANGING.contains(verb)) {
            return Optional.empty();
        }
        for (String unit : units) {
            Map<String, String> state = load(root, unit);
            Map<String, String> before = Map.copyOf(state);
            Optional<String> refusal = change(verb, now, state, unit);
            if (refusal.isPresent()) {
                return Optional.of(CommandSimulation.exit(argv, 1, "", refusal.get() + "\n"));
            }
            Optional<String> failure = actOn(root, verb, before, state, unit);
            if (!state.equals(before)) {
                store(root, unit, state);
            }
            if (failure.isPresent()) {
                return Optional.of(CommandSimulation.exit(argv, 1, "", failure.get() + "\n"));
            }
        }
        return Optional.of(CommandSimulation.ok(argv, ""));
    }

    /**
     * Runs the unit simulator for what the verb did to the unit (start, stop or restart), if the sandbox has one for
     * it; its failure leaves the unit failed and is the message systemctl fails with.
     */
    private static Optional<String> actOn(LocalHost root, String verb, Map<String, String> before,
                                          Map<String, String> after, String unit) throws HostException {
        if (!(root instanceof SandboxHost sandbox)) {
            return Optional.empty();
        }
        Optional<java.nio.file.Path> simulator = sandbox.unitSimulatorFor(unit);
        Optional<String> action = transition(verb, before.get("ActiveState"), after.get("ActiveState"));
        if (simulator.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        CommandResult result = sandbox.runUnitSimulator(simulator.get(), action.get(), unit);
        if (result.succeeded()) {
            return Optional.empty();
        }
        after.put("ActiveState", "failed");
        return Optional.of("Job for " + unit + " failed (sandbox: the unit simulator " + simulator.get() + " "
                + action.get() + " exited " + result.exitCode() + "): " + result.stderr().strip());
    }

    /** What a verb did to a unit, from its ActiveState before and after: start, stop, restart or nothing. */
    static Optional<String> transition(String verb, String before, String after) {
        boolean wasActive = ACTIVE.equals(before);
        boolean isActive = ACTIVE.equals(after);
        if (!wasActive && isActive) {
            return Optional.of("start");
        }
        if (wasActive && !isActive) {
            return Optional.of("stop");
        }
        if (wasActive && RESTARTING.contains(verb)) {
            return Optional.of("restart");
        }
        return Optional.empty();
    }

    /** is-active exits 0 only for an active unit (3 otherwise), is-enabled only for an enabled one (1 otherwise). */
    private static CommandResult query(List<String> argv, String verb, Map<String, String> state) {
        String value = state.get(verb.equals("is-active") ? "ActiveState" : "UnitFileState");
        boolean yes = value.equals(verb.equals("is-active") ? "active" : "enabled");
        return CommandSimulation.exit(argv, yes ? 0 : (verb.equals("is-active") ? 3 : 1), value + "\n", "");
    }

    /** Applies one verb to a unit's state; a refusal message when systemd would refuse; empty for unknown verbs. */
    private static Optional<String> change(String verb, boolean now, Map<String, String> state, String unit) {
        boolean masked = state.get("UnitFileState").equals("masked");
        switch (verb) {
            case "enable":
                if (masked) {
                    return Optional.of("Failed to enable unit: Unit file /etc/systemd/system/" + unit + " is masked.");
                }
                state.put("UnitFileState", "enabled");
                return now ? change("start", false, state, unit) : Optional.empty();
            case "disable":
                if (!masked) {
                    state.put("UnitFileState", "disabled");
                }
                return now ? change("stop", false, state, unit) : Optional.empty();
            case "mask":
                state.put("UnitFileState", "masked");
                return now ? change("stop", false, state, unit) : Optional.empty();
            case "unmask":
                if (masked) {
                    state.put("UnitFileState", "disabled");
                }
                return Optional.empty();
            case "start":
            case "restart":
            case "reload-or-restart":
                if (masked) {
                    return Optional.of("Failed to start " + unit + ": Unit " + unit + " is masked.");
                }
                state.put("ActiveState", "active");
                return Optional.empty();
            case "stop":
                state.put("ActiveState", "inactive");
                return Optional.empty();
            default:
                // try-restart and reload leave a stopped unit stopped and a running one running
                return Optional.empty();
        }
    }

    private static CommandResult show(List<String> argv, List<String> units, List<String> properties,
                                      LocalHost root) throws HostException {
        List<String> blocks = new ArrayList<>();
        for (String unit : units) {
            Map<String, String> state = load(root, unit);
            StringBuilder block = new StringBuilder();
            for (String property : properties.isEmpty() ? List.copyOf(state.keySet()) : properties) {
                block.append(property).append('=').append(state.getOrDefault(property, "")).append('\n');
            }
            blocks.add(block.toString());
        }
        return CommandSimulation.ok(argv, String.join("\n", blocks));
    }

    /** systemctl's own rule: a name without a unit type suffix means a service. */
    static String unitName(String name) {
        return UNIT_SUFFIXES.stream().anyMatch(name::endsWith) ? name : name + ".service";
    }

    private static Map<String, String> load(LocalHost root, String unit) throws HostException {
        Map<String, String> state = new LinkedHashMap<>();
        state.put("Id", unit);
        state.put("LoadState", "loaded");
        state.put("UnitFileState", "disabled");
        state.put("ActiveState", "inactive");
        Optional<byte[]> file = root.read(UNITS + "/" + unit);
        if (file.isPresent()) {
            for (String line : new String(file.get(), StandardCharsets.UTF_8).split("\n")) {
                String[] keyValue = line.split("=", 2);
                if (keyValue.length == 2) {
                    state.put(keyValue[0], keyValue[1]);
                }
            }
        }
        return state;
    }

    private static void store(LocalHost root, String unit, Map<String, String> state) throws HostException {
        String lines = "UnitFileState=" + state.get("UnitFileState") + "\nActiveState=" + state.get("ActiveState")
                + "\n";
        root.writeAtomically(UNITS + "/" + unit, lines.getBytes(StandardCharsets.UTF_8), FileAttributes.mode("0644"));
    }
}
