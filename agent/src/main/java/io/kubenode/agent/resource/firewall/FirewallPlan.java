package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.engine.Change;
import io.kubenode.common.catalog.FirewallSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one pass must do to a running firewalld, computed without touching the host: per configuration (runtime,
 * permanent) the wanted items missing from it, and the items this agent opened there that the catalog no longer
 * lists; and the ownership record afterwards. Items a person opened are never in the record, so never closed.
 */
record FirewallPlan(String zone, Edit runtime, Edit permanent, List<FormerZone> former, OpenedRecord recordBefore,
                    OpenedRecord recordAfter) {

    /** One configuration's edit and what the agent owns in it afterwards. */
    record Edit(Set<FirewallItem> add, Set<FirewallItem> remove, Set<FirewallItem> ownedAfter) {
        boolean isEmpty() {
            return add.isEmpty() && remove.isEmpty();
        }
    }

    /**
     * A zone the agent opened items in before the catalog's zone (or the address's zone) changed: all of them are
     * closed there, and the zone leaves the record.
     */
    record FormerZone(String zone, Edit runtime, Edit permanent) {
    }

    static FirewallPlan of(FirewallSpec spec, FirewallActual.Running actual) {
        Set<FirewallItem> wanted = wanted(spec);
        String zone = actual.zone();
        OpenedRecord opened = actual.opened();
        Edit runtime = edit(wanted, actual.runtime().items(), opened.runtime(zone));
        Edit permanent = edit(wanted, actual.permanent().items(), opened.permanent(zone));
        OpenedRecord after = opened.with(zone, runtime.ownedAfter(), permanent.ownedAfter());
        List<FormerZone> former = new ArrayList<>();
        for (FirewallActual.Zone old : actual.formerZones()) {
            former.add(new FormerZone(old.zone(), edit(Set.of(), old.runtime(), opened.runtime(old.zone())),
                    edit(Set.of(), old.permanent(), opened.permanent(old.zone()))));
            after = after.with(old.zone(), Set.of(), Set.of());
        }
        return new FirewallPlan(zone, runtime, permanent, List.copyOf(former), opened, after);
    }

    /** The catalog's ports and one rich rule per protocol and source, in firewalld's printed form. */
    static Set<FirewallItem> wanted(FirewallSpec spec) {
        Set<FirewallItem> wanted = new TreeSet<>();
        spec.portsOrEmpty().forEach(port -> wanted.add(FirewallItem.port(port)));
        for (FirewallSpec.ProtocolFromSources rule : spec.protocolSourcesOrEmpty()) {
            rule.sources().forEach(source -> wanted.add(FirewallItem.protocolFrom(rule.protocol(), source)));
        }
        return wanted;
    }

    private static Edit edit(Set<FirewallItem> wanted, Set<FirewallItem> present, Set<FirewallItem> owned) {
        Set<FirewallItem> add = new TreeSet<>(wanted);
        add.removeAll(present);
        Set<FirewallItem> remove = new TreeSet<>(owned);
        remove.removeAll(wanted);
        remove.retainAll(present);
        // still wanted and opened by the agent, or opened now; a dropped item is closed now (or was already gone)
        Set<FirewallItem> ownedAfter = new TreeSet<>(owned);
        ownedAfter.retainAll(wanted);
        ownedAfter.addAll(add);
        return new Edit(add, remove, ownedAfter);
    }

    /** True when the host already matches and the record needs no update. */
    boolean isEmpty() {
        return runtime.isEmpty() && permanent.isEmpty() && former.stream().allMatch(old -> old.runtime().isEmpty()
                && old.permanent().isEmpty()) && recordBefore.equals(recordAfter);
    }

    /** The plan for people: one line per item, saying in which configurations it is opened or closed. */
    List<Change> changes(String resourceId) {
        List<Change> changes = new ArrayList<>();
        for (FirewallItem item : union(runtime.add(), permanent.add())) {
            changes.add(Change.create(resourceId, "open " + item + " in zone " + zone + " ("
                    + where(item, runtime.add(), permanent.add()) + ")"));
        }
        for (FirewallItem item : union(runtime.remove(), permanent.remove())) {
            changes.add(Change.delete(resourceId, "close " + item + " in zone " + zone + " ("
                    + where(item, runtime.remove(), permanent.remove())
                    + "): opened by the agent, no longer in the catalog"));
        }
        for (FormerZone old : former) {
            for (FirewallItem item : union(old.runtime().remove(), old.permanent().remove())) {
                changes.add(Change.delete(resourceId, "close " + item + " in zone " + old.zone() + " ("
                        + where(item, old.runtime().remove(), old.permanent().remove())
                        + "): opened by the agent, which now works in zone " + zone));
            }
        }
        if (changes.isEmpty() && !recordBefore.equals(recordAfter)) {
            // someone closed by hand what the agent opened and the catalog dropped: forget it, or a port a person
            // opens there later would be closed as the agent's
            changes.add(Change.update(resourceId, "forget in the ownership record what is no longer open in zone "
                    + zone));
        }
        return changes;
    }

    private static Set<FirewallItem> union(Set<FirewallItem> first, Set<FirewallItem> second) {
        Set<FirewallItem> union = new TreeSet<>(first);
        union.addAll(second);
        return union;
    }

    private static String where(FirewallItem item, Set<FirewallItem> inRuntime, Set<FirewallItem> inPermanent) {
        if (inRuntime.contains(item) && inPermanent.contains(item)) {
            return "runtime and permanent";
        }
        return inRuntime.contains(item) ? "runtime" : "permanent";
    }
}
