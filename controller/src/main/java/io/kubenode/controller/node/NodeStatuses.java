package io.kubenode.controller.node;

import com.fasterxml.jackson.core.type.TypeReference;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.files.AtomicFileWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The newest status of every node, in memory (agents report after every pass; a durable write each time would
 * be the controller's largest I/O for data the next report replaces). {@link #snapshot} writes them atomically to
 * one file so a restarted controller still shows what it last knew; agents report again within one interval.
 */
public final class NodeStatuses {
    private static final System.Logger LOG = System.getLogger(NodeStatuses.class.getName());
    private static final TypeReference<Map<String, ReceivedStatus>> SNAPSHOT = new TypeReference<>() {
    };

    private final Map<String, ReceivedStatus> statuses = new ConcurrentHashMap<>();
    private final AtomicBoolean dirty = new AtomicBoolean();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Path snapshotFile;
    private final Clock clock;
    private final NodeContacts contacts;

    public NodeStatuses(Path snapshotFile, Clock clock) {
        this.snapshotFile = snapshotFile;
        this.clock = clock;
        this.contacts = new NodeContacts(clock);
    }

    /** When each node last talked to the controller (a status is one such contact). */
    public NodeContacts contacts() {
        return contacts;
    }

    /** Loads the last snapshot; an unreadable one is reported and ignored (agents report again shortly). */
    public void load() {
        if (!Files.isRegularFile(snapshotFile)) {
            return;
        }
        try {
            statuses.putAll(Documents.json().readValue(Files.readAllBytes(snapshotFile), SNAPSHOT));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring the unreadable node status snapshot " + snapshotFile
                    + ": " + e.getMessage());
        }
    }

    public void record(NodeStatus status) {
        statuses.put(status.node(), ReceivedStatus.at(status, clock.instant()));
        contacts.seen(status.node(), Duration.ZERO);
        dirty.set(true);
        listeners.forEach(listener -> listener.accept(status.node()));
    }

    /**
     * {@code listener} gets the node's name after each status received. It runs on the caller's thread (an event
     * loop), so it must only hand the news on (the orchestrator schedules a decision), never block.
     */
    public void onStatus(Consumer<String> listener) {
        listeners.add(listener);
    }

    public Optional<ReceivedStatus> of(String node) {
        return Optional.ofNullable(statuses.get(node));
    }

    /** Every node's status by name. */
    public Map<String, ReceivedStatus> all() {
        return new TreeMap<>(statuses);
    }

    /** Writes the statuses if they changed since the last snapshot. Blocking: call from a worker. */
    public void snapshot() throws IOException {
        if (!dirty.getAndSet(false)) {
            return;
        }
        try {
            AtomicFileWriter.write(snapshotFile, Documents.canonicalJson(all()).getBytes(
                    StandardCharsets.UTF_8), AtomicFileWriter.PRIVATE);
        } catch (IOException e) {
            dirty.set(true);
            throw e;
        }
    }
}
