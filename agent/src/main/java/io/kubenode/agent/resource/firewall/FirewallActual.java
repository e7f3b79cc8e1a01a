package io.kubenode.agent.resource.firewall;

import java.util.List;
import java.util.Set;

/** What observe found: no firewalld, firewalld installed but stopped, or a running one with the zone's state. */
sealed interface FirewallActual {

    /** No firewall-cmd on this host (or a sandbox root): nothing to open. */
    record NotInstalled() implements FirewallActual {
    }

    /** Installed but the daemon does not run: nothing filters, nothing to open. */
    record NotRunning() implements FirewallActual {
    }

    /**
     * A running firewalld: the zone worked in, its runtime and permanent configuration (one {@code --list-all}
     * each), what this agent opened before, and the zones it opened items in before the zone changed (observed
     * only while the record names such a zone: normally none, no extra call).
     */
    record Running(Firewalld firewalld, String zone, ZoneSettings runtime, ZoneSettings permanent,
                   OpenedRecord opened, List<Zone> formerZones) implements FirewallActual {
        public Running {
            formerZones = List.copyOf(formerZones);
        }
    }

    /** What a former zone holds now in each configuration (empty when the zone no longer exists). */
    record Zone(String zone, Set<FirewallItem> runtime, Set<FirewallItem> permanent) {
    }
}
