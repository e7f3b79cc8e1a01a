package io.kubenode.agent.resource.drain;

import java.util.List;

/**
 * What the API said of the node: whether it is cordoned ({@code spec.unschedulable}) and, when it should be
 * drained, the pods {@code kubectl drain} would still evict from it ("namespace/name"); empty when not asked.
 */
public record DrainActual(boolean cordoned, List<String> podsLeft) {
    public DrainActual {
        podsLeft = List.copyOf(podsLeft);
    }
}
