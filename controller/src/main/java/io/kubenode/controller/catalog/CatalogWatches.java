package io.kubenode.controller.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Every node's published catalog and the long-poll requests waiting for a newer one. Publishing wakes exactly the
 * waiters of the nodes whose generation moved. Thread-safe: the API's event loops and the workers that store new
 * cluster revisions both call it; listeners run outside the lock.
 */
public final class CatalogWatches {
    private final Map<String, PublishedCatalog> published = new HashMap<>();
    private final Map<String, List<Waiter>> waiters = new HashMap<>();

    /** A pending long-poll; {@link #cancel} and delivery race safely, only one of them wins. */
    public static final class Waiter {
        private final String node;
        private final long after;
        private final Consumer<PublishedCatalog> listener;
        private final AtomicBoolean done = new AtomicBoolean();

        private Waiter(String node, long after, Consumer<PublishedCatalog> listener) {
            this.node = node;
            this.after = after;
            this.listener = listener;
        }

        private void deliver(PublishedCatalog catalog) {
            if (done.compareAndSet(false, true)) {
                listener.accept(catalog);
            }
        }
    }

    public synchronized Optional<PublishedCatalog> current(String node) {
        return Optional.ofNullable(published.get(node));
    }

    public synchronized long generation(String node) {
        PublishedCatalog catalog = published.get(node);
        return catalog == null ? 0 : catalog.generation();
    }

    /** Number of requests waiting now (a gauge for operators and the benchmark). */
    public synchronized int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    /**
     * Publishes a node's catalog and wakes its waiters if it is newer than what they hold. A catalog of the same
     * generation (the same content, compiled again) replaces the one held, so that what is served comes from the
     * newest compile and older compiles' buffers can go.
     */
    public void publish(PublishedCatalog next) {
        long generation = next.generation();
        List<Waiter> woken = new ArrayList<>();
        synchronized (this) {
            PublishedCatalog previous = published.get(next.node());
            if (previous != null && previous.generation() > generation) {
                return;
            }
            published.put(next.node(), next);
            List<Waiter> pending = waiters.getOrDefault(next.node(), List.of());
            List<Waiter> staying = new ArrayList<>();
            for (Waiter waiter : pending) {
                (waiter.after < generation ? woken : staying).add(waiter);
            }
            if (staying.isEmpty()) {
                waiters.remove(next.node());
            } else {
                waiters.put(next.node(), staying);
            }
        }
        woken.forEach(waiter -> waiter.deliver(next));
    }

    /**
     * Withdraws the catalogs of nodes not in {@code nodes} (removed from the cluster document), as a restart would:
     * their watches wait on, and their agents keep enforcing what they hold.
     */
    public synchronized void retainOnly(Set<String> nodes) {
        published.keySet().retainAll(nodes);
    }

    /**
     * The node's catalog if its generation is past {@code after}; otherwise empty, and {@code listener} gets the next
     * one published (unless the returned waiter is cancelled first).
     */
    public Wait await(String node, long after, Consumer<PublishedCatalog> listener) {
        return await(node, after, Integer.MAX_VALUE, listener);
    }

    /**
     * As above, but when {@code maxPerNode} requests of the node wait already, nothing is registered and the wait is
     * {@link Wait#full()}: an agent holds one watch, so more are a leak or an attack, not a need.
     */
    public Wait await(String node, long after, int maxPerNode, Consumer<PublishedCatalog> listener) {
        synchronized (this) {
            PublishedCatalog catalog = published.get(node);
            if (catalog != null && catalog.generation() > after) {
                return new Wait(Optional.of(catalog), null);
            }
            if (waiters.getOrDefault(node, List.of()).size() >= maxPerNode) {
                return new Wait(Optional.empty(), null);
            }
            Waiter waiter = new Waiter(node, after, listener);
            waiters.computeIfAbsent(node, key -> new ArrayList<>()).add(waiter);
            return new Wait(Optional.empty(), waiter);
        }
    }

    /** Cancels a pending wait; true if it had not been delivered yet (the caller answers "not modified"). */
    public boolean cancel(Waiter waiter) {
        if (!waiter.done.compareAndSet(false, true)) {
            return false;
        }
        synchronized (this) {
            List<Waiter> pending = waiters.get(waiter.node);
            if (pending != null) {
                pending.remove(waiter);
                if (pending.isEmpty()) {
                    waiters.remove(waiter.node);
                }
            }
        }
        return true;
    }

    /** Either a catalog to answer with now, or a registered waiter, or neither: the node has too many waiting. */
    public record Wait(Optional<PublishedCatalog> ready, Waiter waiter) {
        public boolean full() {
            return ready.isEmpty() && waiter == null;
        }
    }
}
