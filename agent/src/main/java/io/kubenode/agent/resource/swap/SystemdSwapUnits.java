package io.kubenode.agent.resource.swap;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * systemd's swap units (from fstab, or generated such as zram): masked so that no boot turns swap back on. Only
 * where systemd runs: {@value #BOOTED_MARKER} exists exactly when systemd is PID 1 (what sd_booted() checks); on
 * a host without it there are no units to mask and systemctl would only fail.
 */
final class SystemdSwapUnits {
    static final String BOOTED_MARKER = "/run/systemd/system";
    static final List<String> LIST = List.of("systemctl", "list-units", "--type=swap", "--all", "--plain",
            "--no-legend");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private SystemdSwapUnits() {
    }

    static boolean systemdRuns(Host host) throws HostException {
        return host.stat(BOOTED_MARKER).isPresent();
    }

    /** Swap units not masked yet; empty without systemd. */
    static List<String> unmasked(Host host) throws HostException {
        if (!systemdRuns(host)) {
            return List.of();
        }
        CommandResult listed = host.runChecked(LIST, TIMEOUT);
        return unmaskedIn(listed.stdout());
    }

    /** Lines are "UNIT LOAD ACTIVE SUB DESCRIPTION"; a masked unit says "masked" in LOAD. */
    static List<String> unmaskedIn(String listUnits) {
        List<String> units = new ArrayList<>();
        for (String line : listUnits.split("\n")) {
            // a unit that is not found or failed may be flagged with a bullet in front
            String[] fields = line.replace("\u25cf", " ").strip().split("\\s+");
            if (fields.length >= 2 && fields[0].endsWith(".swap") && !fields[1].equals("masked")) {
                units.add(fields[0]);
            }
        }
        return units;
    }

    static void mask(String unit, Host host) throws HostException {
        host.runChecked(List.of("systemctl", "mask", unit), TIMEOUT);
    }
}
