package io.kubenode.agent.resource.service;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd: one {@code systemctl show} for all units of a pass; enable/disable/start/stop as checked commands. Unit
 * names always follow {@code --}, so none is ever read as an option.
 */
public final class SystemctlProvider implements ServiceManager {
    static final String PROPERTIES = "--property=LoadState,UnitFileState,ActiveState";
    private static final Duration SHOW_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ENABLE_TIMEOUT = Duration.ofSeconds(60);
    // longer than systemd's default start timeout (90 s), so systemd reports a slow start, not us
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    @Override
    public UnitStatus status(String unit, Host host) throws HostException {
        return statuses(List.of(unit), host).get(unit);
    }

    /** systemctl show prints one block of properties per unit, in the order asked, separated by blank lines. */
    @Override
    public Map<String, UnitStatus> statuses(List<String> units, Host host) throws HostException {
        List<String> argv = new ArrayList<>(List.of("systemctl", "show", PROPERTIES, "--"));
        argv.addAll(units);
        CommandResult result = host.runChecked(argv, SHOW_TIMEOUT);
        String[] blocks = result.stdout().strip().split("\n\\s*\n");
        if (blocks.length != units.size()) {
            throw new HostException(String.join(" ", argv) + ": expected " + units.size() + " blocks, got "
                    + blocks.length + ": " + result.stdout().strip());
        }
        Map<String, UnitStatus> statuses = new LinkedHashMap<>();
        for (int i = 0; i < blocks.length; i++) {
            statuses.put(units.get(i), parse(blocks[i], result));
        }
        return statuses;
    }

    private static UnitStatus parse(String block, CommandResult result) throws HostException {
        Map<String, String> properties = new HashMap<>();
        for (String line : block.split("\n")) {
            String[] keyValue = line.strip().split("=", 2);
            if (keyValue.length == 2) {
                properties.put(keyValue[0], keyValue[1]);
            }
        }
        if (!properties.containsKey("LoadState") || !properties.containsKey("ActiveState")) {
            throw new HostException(String.join(" ", result.argv()) + ": no LoadState/ActiveState in its output: "
                    + result.stdout().strip());
        }
        return new UnitStatus(properties.get("LoadState"), properties.getOrDefault("UnitFileState", ""),
                properties.get("ActiveState"));
    }

    @Override
    public void enable(String unit, Host host) throws HostException {
        host.runChecked(List.of("systemctl", "enable", "--", unit), ENABLE_TIMEOUT);
    }

    @Override
    public void disable(String unit, Host host) throws HostException {
        host.runChecked(List.of("systemctl", "disable", "--", unit), ENABLE_TIMEOUT);
    }

    @Override
    public void start(String unit, Host host) throws HostException {
        host.runChecked(List.of("systemctl", "start", "--", unit), START_TIMEOUT);
    }

    @Override
    public void stop(String unit, Host host) throws HostException {
        host.runChecked(List.of("systemctl", "stop", "--", unit), START_TIMEOUT);
    }
}
