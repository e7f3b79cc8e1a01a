package io.kubenode.agent.daemon;

import io.kubenode.agent.state.CatalogLoader;

import java.util.List;
import java.util.Optional;

/** Where the daemon's catalog comes from: a local file today, the controller's watch later. */
public interface CatalogSource {

    /** A catalog newer than the last one returned, loaded and checked (or refused); empty when nothing is new. */
    Optional<CatalogLoader.Loaded> poll();

    /** Host paths whose change means poll() may have something new. */
    List<String> watchedPaths();
}
