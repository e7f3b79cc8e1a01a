package io.kubenode.controller.node;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each node last talked to this controller, and by when it must talk again. An agent keeps a catalog watch
 * waiting at all times (a long poll it renews as soon as it ends), whatever its passes do, so a node that asks nothing
 * for longer than its watch's wait and {@link #GRACE} is unreachable: its host is down or cut off, or its agent
 * stopped. A status says the same but can be minutes apart (a pass running kubeadm sends none). In memory: after a
 * restart every node gets the longest wait a watch may ask plus the grace from the controller's start.
 */
public final class NodeContacts {
    /** Beyond the wait the node asked for: its next request's round trip, a slow TLS handshake, a GC pause. */
    public static final Duration GRACE = Duration.ofSeconds(30);
    /** The longest wait a catalog watch may ask for. */
    public static final Duration LONGEST_WATCH_WAIT = Duration.ofSeconds(300);

    /** The last contact, and the instant after which its silence makes the node unreachable. */
    public record Contact(Instant at, Instant expectedBy) {
    }

    private final Map<String, Contact> contacts = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Instant startedAt;

    public NodeContacts(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** The node asked something now and promised, by waiting up to {@code wait}, to ask again within it. */
    public void seen(String node, Duration wait) {
        Instant now = clock.instant();
        Instant expectedBy = now.plus(wait).plus(GRACE);
        contacts.merge(node, new Contact(now, expectedBy), (old, fresh) -> new Contact(fresh.at(),
                old.expectedBy().isAfter(fresh.expectedBy()) ? old.expectedBy() : fresh.expectedBy()));
    }

    public Optional<Contact> of(String node) {
        return Optional.ofNullable(contacts.get(node));
    }

    /**
     * Of {@code nodes}, those silent past their expectation at {@code now}, each with its last contact (null: none
     * since this controller started).
     */
    public Map<String, Instant> unreachable(Set<String> nodes, Instant now) {
        Map<String, Instant> silent = new TreeMap<>();
        for (String node : nodes) {
            Contact contact = contacts.get(node);
            if (now.isAfter(expectedBy(contact))) {
                silent.put(node, contact == null ? null : contact.at());
            }
        }
        return Collections.unmodifiableMap(silent);
    }

    /** The earliest instant after {@code now} at which one of {@code nodes} becomes unreachable, if any will. */
    public Optional<Instant> nextExpiry(Set<String> nodes, Instant now) {
        Optional<Instant> next = Optional.empty();
        for (String node : nodes) {
            Instant expectedBy = expectedBy(contacts.get(node));
            if (!now.isAfter(expectedBy) && (next.isEmpty() || expectedBy.isBefore(next.get()))) {
                next = Optional.of(expectedBy);
            }
        }
        return next.map(instant -> instant.plusMillis(1));
    }

    private Instant expectedBy(Contact contact) {
        return contact == null ? startedAt.plus(LONGEST_WATCH_WAIT).plus(GRACE) : contact.expectedBy();
    }
}
