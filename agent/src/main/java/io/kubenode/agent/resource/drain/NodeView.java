package io.kubenode.agent.resource.drain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The part of {@code kubectl get node NAME -o json} the drain reads: its name and whether it is cordoned. */
@JsonIgnoreProperties(ignoreUnknown = true)
record NodeView(Metadata metadata, Spec spec) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Metadata(String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Spec(Boolean unschedulable) {
    }

    boolean cordoned() {
        return spec != null && Boolean.TRUE.equals(spec.unschedulable());
    }
}
