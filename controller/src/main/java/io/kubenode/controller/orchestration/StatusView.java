package io.kubenode.controller.orchestration;

import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.ManifestSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.ResourceStatus;

import java.util.Map;
import java.util.Optional;

/**
 * The nodes' last statuses as a decision reads them. A status is <em>current</em> when it describes the node's
 * current catalog ({@code appliedGeneration >= generation}); an older one says nothing about steps released since.
 */
final class StatusView {
    static final String IN_SYNC = "in_sync";
    static final String KUBEADM_NODE = ResourceSpec.id(KubeadmSpec.TYPE, KubeadmSpec.NODE);
    static final String ENDPOINT_PROBE = ResourceSpec.id(ProbeSpec.TYPE, "control-plane-endpoint");

    private final Map<String, NodeStatus> statuses;
    private final Map<String, Long> generations;

    StatusView(Map<String, NodeStatus> statuses, Map<String, Long> generations) {
        this.statuses = statuses == null ? Map.of() : statuses;
        this.generations = generations == null ? Map.of() : generations;
    }

    static String manifestId(String plugin) {
        return ResourceSpec.id(ManifestSpec.TYPE, plugin);
    }

    /** The resource a drainer's catalog holds for a worker it drains or uncordons (type {@code drain}). */
    static String drainId(String worker) {
        return ResourceSpec.id("drain", worker);
    }

    static String tokenId(String tokenId) {
        return ResourceSpec.id(KubeadmTokenSpec.TYPE, tokenId);
    }

    Map<String, NodeStatus> all() {
        return statuses;
    }

    NodeStatus status(String node) {
        return statuses.get(node);
    }

    boolean reported(String node) {
        return statuses.get(node) != null;
    }

    long generation(String node) {
        return generations.getOrDefault(node, 0L);
    }

    boolean current(String node) {
        NodeStatus status = statuses.get(node);
        return status != null && status.appliedGeneration() >= generation(node);
    }

    Optional<ResourceStatus> resource(String node, String id) {
        NodeStatus status = statuses.get(node);
        if (status == null) {
            return Optional.empty();
        }
        return status.resources().stream().filter(resource -> id.equals(resource.id())).findFirst();
    }

    /** The resource's state in the node's last pass, or null when the status does not list it. */
    String state(String node, String id) {
        return resource(node, id).map(ResourceStatus::state).orElse(null);
    }

    boolean inSync(String node, String id) {
        return IN_SYNC.equals(state(node, id));
    }
}
