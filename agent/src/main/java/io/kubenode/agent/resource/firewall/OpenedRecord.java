package io.kubenode.agent.resource.firewall;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What this agent opened itself, per zone and per configuration (runtime, permanent): the only items it may close
 * again. An item a person opened was never added here, so it is never closed. Stored as JSON by
 * {@link OpenedRecordFile}; the lists hold {@link FirewallItem#recorded()} strings.
 */
record OpenedRecord(Map<String, Zone> zones) {

    static final OpenedRecord EMPTY = new OpenedRecord(Map.of());

    OpenedRecord {
        zones = Map.copyOf(zones == null ? Map.of() : zones);
    }

    /** One zone: the items the agent added to its runtime and to its permanent configuration. */
    record Zone(List<String> runtime, List<String> permanent) {
        Zone {
            runtime = runtime == null ? List.of() : List.copyOf(runtime);
            permanent = permanent == null ? List.of() : List.copyOf(permanent);
        }
    }

    Set<FirewallItem> runtime(String zone) {
        Zone entry = zones.get(zone);
        return entry == null ? Set.of() : items(entry.runtime());
    }

    Set<FirewallItem> permanent(String zone) {
        Zone entry = zones.get(zone);
        return entry == null ? Set.of() : items(entry.permanent());
    }

    /** This record with {@code zone}'s entry replaced (removed when both sets are empty); other zones kept. */
    OpenedRecord with(String zone, Set<FirewallItem> runtime, Set<FirewallItem> permanent) {
        Map<String, Zone> updated = new TreeMap<>(zones);
        if (runtime.isEmpty() && permanent.isEmpty()) {
            updated.remove(zone);
        } else {
            updated.put(zone, new Zone(recorded(runtime), recorded(permanent)));
        }
        return new OpenedRecord(updated);
    }

    private static Set<FirewallItem> items(List<String> recorded) {
        Set<FirewallItem> items = new TreeSet<>();
        // an entry this version cannot read is not something it opened: it is left alone, never closed
        recorded.forEach(text -> FirewallItem.fromRecorded(text).ifPresent(items::add));
        return items;
    }

    private static List<String> recorded(Set<FirewallItem> items) {
        return new TreeSet<>(items).stream().map(FirewallItem::recorded).toList();
    }
}
