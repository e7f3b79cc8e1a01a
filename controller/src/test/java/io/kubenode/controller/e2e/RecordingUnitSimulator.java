package io.kubenode.controller.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;

/**
 * A unit simulator that acts on nothing and only records (test double for what a machine's systemd journal says
 * about a unit's starts, stops and restarts): the executable the agent runs as {@code PATH start|stop|restart UNIT}
 * after its simulated systemctl changed the unit ({@code --sandbox-unit containerd=PATH}) appends
 * {@code INSTANT ACTION UNIT} to the machine's {@value #EVENTS}. A shell script rather than a JVM: it runs on every
 * start of the bring-up too.
 */
final class RecordingUnitSimulator {
    static final String EVENTS = "var/lib/unit-recorder/events";

    private RecordingUnitSimulator() {
    }

    /** One recorded unit change. */
    record Event(Instant at, String action, String unit) {
    }

    /** The executable, written into {@code directory}. */
    static Path writeTo(Path directory) throws IOException {
        Path script = Files.createDirectories(directory).resolve("unit-recorder");
        Files.writeString(script, """
                #!/bin/sh
                # kubenode test double: records a simulated unit change (ACTION UNIT) on the sandbox machine.
                set -e
                dir="$KUBENODE_SANDBOX_ROOT/%s"
                /bin/mkdir -p "$dir"
                echo "$(/bin/date -u +%%Y-%%m-%%dT%%H:%%M:%%S.%%NZ) $1 $2" >> "$dir/events"
                """.formatted(EVENTS.substring(0, EVENTS.lastIndexOf('/'))));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The changes recorded on the machine whose root is {@code root}, oldest first. */
    static List<Event> of(Path root) throws IOException {
        Path file = root.resolve(EVENTS);
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().map(line -> line.split(" ")).map(fields -> new Event(
                Instant.parse(fields[0]), fields[1], fields[2])).toList();
    }

    /** The restarts of {@code unit} ({@code containerd.service}) at or after {@code since}. */
    static List<Instant> restarts(Path root, String unit, Instant since) throws IOException {
        return of(root).stream().filter(event -> event.action().equals("restart") && event.unit().equals(unit)
                && !event.at().isBefore(since)).map(Event::at).toList();
    }
}
