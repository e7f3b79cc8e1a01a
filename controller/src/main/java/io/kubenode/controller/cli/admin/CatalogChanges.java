package io.kubenode.controller.cli.admin;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SecretRedaction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How each node's compiled catalog would change between two documents, resource by resource (by id). A catalog's
 * generation moves exactly when its content hash does, so "changed" here means "the node gets a new generation".
 */
final class CatalogChanges {

    enum Kind { ADDED, REMOVED, CHANGED, UNCHANGED }

    record NodeChange(String node, Kind kind, int resources, List<String> added, List<String> removed,
                      List<String> changed) {
    }

    private CatalogChanges() {
    }

    /** One entry per node of either side: the new document's nodes in its order, then the ones it dropped. */
    static List<NodeChange> between(List<NodeCatalog> before, List<NodeCatalog> after) {
        Map<String, NodeCatalog> old = byNode(before);
        List<NodeChange> changes = new ArrayList<>();
        for (NodeCatalog catalog : after) {
            NodeCatalog previous = old.remove(catalog.metadata().node());
            changes.add(previous == null
                    ? new NodeChange(catalog.metadata().node(), Kind.ADDED, size(catalog), List.of(), List.of(), List.of())
                    : compare(previous, catalog));
        }
        old.values().forEach(catalog -> changes.add(new NodeChange(catalog.metadata().node(), Kind.REMOVED,
                size(catalog), List.of(), List.of(), List.of())));
        return changes;
    }

    static List<String> render(List<NodeChange> changes) {
        List<String> lines = new ArrayList<>();
        for (NodeChange change : changes) {
            switch (change.kind()) {
                case ADDED -> lines.add(change.node() + ": new node, catalog of " + change.resources() + " resources");
                case REMOVED -> lines.add(change.node() + ": no longer in the document (its catalog had "
                        + change.resources() + " resources)");
                case UNCHANGED -> lines.add(change.node() + ": catalog unchanged");
                default -> {
                    lines.add(change.node() + ": catalog changes (" + change.added().size() + " added, "
                            + change.removed().size() + " removed, " + change.changed().size() + " changed)");
                    change.added().forEach(id -> lines.add("  + " + id));
                    change.removed().forEach(id -> lines.add("  - " + id));
                    change.changed().forEach(id -> lines.add("  ~ " + id));
                    if (change.added().isEmpty() && change.removed().isEmpty() && change.changed().isEmpty()) {
                        lines.add("  (the role, OS family or order of resources)");
                    }
                }
            }
        }
        return lines;
    }

    private static NodeChange compare(NodeCatalog before, NodeCatalog after) {
        Map<String, CatalogResource> old = byId(before);
        Map<String, CatalogResource> now = byId(after);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        now.forEach((id, resource) -> {
            CatalogResource previous = old.get(id);
            if (previous == null) {
                added.add(withSecret(id, resource));
            } else if (!previous.equals(resource)) {
                changed.add(withSecret(id, resource));
            }
        });
        List<String> removed = old.keySet().stream().filter(id -> !now.containsKey(id)).toList();
        boolean same = Objects.equals(before.metadata().contentHash(), after.metadata().contentHash())
                && added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        return new NodeChange(after.metadata().node(), same ? Kind.UNCHANGED : Kind.CHANGED, size(after), added,
                removed, changed);
    }

    /** A secret file is named with its new content's size and hash, so a key rotation shows which key it is. */
    private static String withSecret(String id, CatalogResource resource) {
        String secret = SecretRedaction.describe(resource);
        return secret == null ? id : id + " " + secret;
    }

    private static Map<String, NodeCatalog> byNode(List<NodeCatalog> catalogs) {
        Map<String, NodeCatalog> map = new LinkedHashMap<>();
        catalogs.forEach(catalog -> map.put(catalog.metadata().node(), catalog));
        return map;
    }

    private static Map<String, CatalogResource> byId(NodeCatalog catalog) {
        Map<String, CatalogResource> map = new LinkedHashMap<>();
        catalog.spec().resources().forEach(resource -> map.put(resource.id(), resource));
        return map;
    }

    private static int size(NodeCatalog catalog) {
        return catalog.spec().resources().size();
    }
}
