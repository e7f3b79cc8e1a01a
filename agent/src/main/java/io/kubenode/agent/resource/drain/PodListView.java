package io.kubenode.agent.resource.drain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * The part of {@code kubectl get pods --all-namespaces --field-selector spec.nodeName=N -o json} the drain reads,
 * and which of those pods {@code kubectl drain --ignore-daemonsets} would evict: not controlled by a DaemonSet, not a
 * mirror of a static pod (the kubelet runs those from its manifests; drain leaves them), not already finished.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PodListView(List<Pod> items) {
    /** The annotation the kubelet puts on the API's mirror of a static pod. */
    static final String MIRROR_ANNOTATION = "kubernetes.io/config.mirror";

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Pod(Metadata metadata, Status status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metadata(String namespace, String name, Map<String, String> annotations, List<Owner> ownerReferences) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Owner(String kind, String name, Boolean controller) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Status(String phase) {
    }

    /** "namespace/name" of each pod drain would evict, in the API's order. */
    List<String> evictable() {
        if (items == null) {
            return List.of();
        }
        return items.stream().filter(PodListView::evictable).map(pod -> pod.metadata().namespace() + "/"
                + pod.metadata().name()).toList();
    }

    private static boolean evictable(Pod pod) {
        Metadata metadata = pod.metadata();
        if (metadata == null) {
            return false;
        }
        if (metadata.annotations() != null && metadata.annotations().containsKey(MIRROR_ANNOTATION)) {
            return false;
        }
        if (metadata.ownerReferences() != null && metadata.ownerReferences().stream().anyMatch(owner ->
                "DaemonSet".equals(owner.kind()) && Boolean.TRUE.equals(owner.controller()))) {
            return false;
        }
        String phase = pod.status() == null ? null : pod.status().phase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }
}
