package io.kubenode.agent.engine;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * State shared by the resources of one apply pass: whether a systemd unit file changed (so services need one
 * daemon-reload before they are touched).
 */
public final class Pass {
    static final List<String> UNIT_DIRECTORIES = List.of("/etc/systemd/system/", "/usr/lib/systemd/system/",
            "/lib/systemd/system/");
    private boolean unitFilesChanged;
    private final Set<String> unitFileResources = new LinkedHashSet<>();
    private final Set<String> startedUnits = new HashSet<>();
    private final Set<String> stepsTaken = new HashSet<>();

    void fileChanged(String resourceId, String hostPath) {
        if (UNIT_DIRECTORIES.stream().anyMatch(hostPath::startsWith)) {
            unitFilesChanged = true;
            unitFileResources.add(resourceId);
        }
    }

    /** The file resources that changed unit files in this pass. */
    Set<String> unitFileResources() {
        return unitFileResources;
    }

    /**
     * True the first time {@code step} is asked about in this pass: for work worth doing at most once per pass
     * whatever the number of resources that could want it (refreshing apt's package lists).
     */
    public boolean firstTime(String step) {
        return stepsTaken.add(step);
    }

    /** A service handler started this unit in this pass: it already runs its new configuration, no restart. */
    public void unitStarted(String unit) {
        startedUnits.add(unit);
    }

    boolean startedThisPass(String unit) {
        return startedUnits.contains(unit);
    }

    /** Runs {@code systemctl daemon-reload} once if a unit file changed earlier in this pass. */
    public void reloadUnitsIfChanged(Host host) throws HostException {
        if (unitFilesChanged) {
            host.runChecked(List.of("systemctl", "daemon-reload"), Duration.ofSeconds(60));
            unitFilesChanged = false;
        }
    }
}
