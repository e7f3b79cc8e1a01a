package io.kubenode.agent.resource.service;

import io.kubenode.common.catalog.ServiceSpec;

import java.util.Set;

/** What systemd says about a unit: LoadState, UnitFileState and ActiveState as {@code systemctl show} prints them. */
public record UnitStatus(String loadState, String unitFileState, String activeState) {
    private static final Set<String> ENABLED = Set.of("enabled", "enabled-runtime", "alias");
    /** Unit files that enable/disable cannot change (no [Install] section, generated, transient). */
    private static final Set<String> FIXED = Set.of("static", "indirect", "generated", "transient");
    private static final Set<String> RUNNING = Set.of("active", "reloading", "refreshing");
    private static final Set<String> STOPPED = Set.of("inactive", "failed");

    public boolean notFound() {
        return "not-found".equals(loadState);
    }

    /**
     * Enabled wanted: an enabled unit file. Disabled wanted: anything not enabled (a masked unit is more than
     * disabled). A unit file that cannot be enabled or disabled is left as it is. A masked unit wanted enabled is
     * not silently unmasked: enable fails and says so.
     */
    public boolean enablementIs(boolean wanted) {
        if (FIXED.contains(unitFileState)) {
            return true;
        }
        return ENABLED.contains(unitFileState) == wanted;
    }

    /** Running wanted: active (or reloading). Stopped wanted: inactive or failed. */
    public boolean stateIs(String wanted) {
        return ServiceSpec.RUNNING.equals(wanted) ? RUNNING.contains(activeState) : STOPPED.contains(activeState);
    }

    /** The unit file state as a plan shows it. */
    public String shownUnitFileState() {
        if (notFound()) {
            return "not-found";
        }
        return unitFileState.isEmpty() ? "none" : unitFileState;
    }
}
