package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.ResourceSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The resources of one catalog while builders add to it, in the order they were added. */
public final class CatalogDraft {
    private final Map<String, CatalogResource> byId = new LinkedHashMap<>();

    /** Adds a resource; its id is {@code type:name}. Returns the id, for edges. */
    public String add(ResourceSpec spec, List<String> dependsOn, List<String> notifies) {
        String id = spec.id();
        if (byId.containsKey(id)) {
            throw new IllegalStateException("two builders produced " + id);
        }
        byId.put(id, new CatalogResource(id, dependsOn, notifies, spec));
        return id;
    }

    public String add(ResourceSpec spec, List<String> dependsOn) {
        return add(spec, dependsOn, List.of());
    }

    public String add(ResourceSpec spec) {
        return add(spec, List.of(), List.of());
    }

    public boolean contains(String id) {
        return byId.containsKey(id);
    }

    /** The given ids that an earlier builder added: edges to resources that are managed at all. */
    public List<String> present(String... ids) {
        return Arrays.stream(ids).filter(byId::containsKey).toList();
    }

    public List<CatalogResource> resources() {
        return new ArrayList<>(byId.values());
    }
}
