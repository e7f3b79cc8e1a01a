package io.kubenode.agent.daemon;

import io.kubenode.agent.state.CatalogLoader;

import java.util.List;
import java.util.Optional;

/** Where the daemon's catalog comes from: a local file (watched paths) or the controller (a wake-up call). */
public interface CatalogSource {

    /** A catalog newer than the last one returned, loaded and checked (or refused); empty when nothing is new. */
    Optional<CatalogLoader.Loaded> poll();

    /** Host paths whose change means poll() may have something new. */
    List<String> watchedPaths();

    /**
     * Registers the daemon's wake-up: a source that learns of a new catalog by itself (not through a watched file)
     * calls it, from any thread, once poll() has the catalog, and the daemon starts a pass at once.
     */
    default void onNewCatalog(Runnable wakeUp) {
    }

    /**
     * True when poll() hands over only catalogs this source already wrote to the state dir's cache (the
     * controller's watch must, before it wakes the daemon); the daemon then does not write them again.
     */
    default boolean cachesCatalogs() {
        return false;
    }
}
