package io.kubenode.agent.resource.firewall;

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
     * each) and what this agent opened before.
     */
    record Running(Firewalld firewalld, String zone, ZoneSettings runtime, ZoneSettings permanent,
                   OpenedRecord opened) implements FirewallActual {
    }
}
