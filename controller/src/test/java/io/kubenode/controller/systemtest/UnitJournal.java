package io.kubenode.controller.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * systemd's own record of when a host's units stopped and started: PID 1's job messages in the host's journal,
 * recognised by their catalog message ids (not by their wording, which changes between systemd versions), with
 * journald's microsecond timestamps. The containers share this host's clock, so the times compare with the test's.
 */
final class UnitJournal {
    enum Kind { STOPPING, STOPPED, STARTING, STARTED }

    /** One job message: when, which unit, what. */
    record Entry(Instant at, String unit, Kind kind) {
        @Override
        public String toString() {
            return unit + " " + kind.name().toLowerCase() + " at " + at;
        }
    }

    /** A unit's restart: its stop began, then its start finished. */
    record Restart(String unit, Instant stopping, Instant started) {
    }

    /** systemd's catalog ids (systemd.catalog) of the unit job messages. */
    private static final Map<String, Kind> MESSAGE_IDS = Map.of(
            "de5b426a63be47a7b6ac3eaac82e2f6f", Kind.STOPPING,
            "9d1aaa27d60140bd96365438aad20286", Kind.STOPPED,
            "7d4958e842da4a758f6c1cdc7b36dcc5", Kind.STARTING,
            "39f53479d3a045ac8e11786248231fbf", Kind.STARTED);

    private UnitJournal() {
    }

    /** The job messages of {@code units} (e.g. "haproxy.service") on {@code host} at or after {@code since}. */
    static List<Entry> since(NspawnHost host, Instant since, List<String> units)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("journalctl", "--no-pager", "--output=json",
                "--since=@" + (since.getEpochSecond() - 1), "_PID=1"));
        units.forEach(unit -> argv.add("UNIT=" + unit));
        List<Entry> entries = new ArrayList<>();
        for (String line : host.check(argv.toArray(String[]::new)).lines().toList()) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode record = Documents.json().readTree(line);
            Kind kind = MESSAGE_IDS.get(record.path("MESSAGE_ID").asText());
            long micros = Long.parseLong(record.path("__REALTIME_TIMESTAMP").asText("0"));
            Instant at = Instant.EPOCH.plusNanos(micros * 1000);
            if (kind != null && !at.isBefore(since)) {
                entries.add(new Entry(at, record.path("UNIT").asText(), kind));
            }
        }
        entries.sort(Comparator.comparing(Entry::at));
        return entries;
    }

    /** Each stop of a unit paired with the start that followed it; a start with no stop before it is no restart. */
    static List<Restart> restarts(List<Entry> entries) {
        List<Restart> restarts = new ArrayList<>();
        for (Entry stopping : entries) {
            if (stopping.kind() != Kind.STOPPING) {
                continue;
            }
            Optional<Entry> started = entries.stream().filter(entry -> entry.unit().equals(stopping.unit())
                    && entry.kind() == Kind.STARTED && entry.at().isAfter(stopping.at())).findFirst();
            restarts.add(new Restart(stopping.unit(), stopping.at(), started.map(Entry::at).orElse(null)));
        }
        return restarts;
    }
}
