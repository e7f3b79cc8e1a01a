package io.kubenode.agent.controller;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.validation.Problem;

import java.util.List;

/** What the catalog watch learns that the status report must say; called on the watch thread, returns at once. */
public interface CatalogEvents {
    CatalogEvents NONE = new CatalogEvents() {
        @Override
        public void catalogAccepted(NodeCatalog catalog) {
        }

        @Override
        public void catalogRefused(long generation, List<Problem> problems) {
        }
    };

    /** A catalog passed every check and is cached: the daemon enforces it from its next pass. */
    void catalogAccepted(NodeCatalog catalog);

    /** A catalog was refused whole (generation -1 when unknown); the one in force stays. */
    void catalogRefused(long generation, List<Problem> problems);
}
