package io.kubenode.controller.store;

import java.util.List;
import java.util.Set;

/**
 * What {@link Store#putOrchestration} stored: the generation of every catalog recorded with the record (like a
 * cluster put's), and the nodes whose generation moved.
 */
public record OrchestrationWrite(List<NodeGeneration> generations, Set<String> changedNodes) {
    public OrchestrationWrite {
        generations = List.copyOf(generations);
        changedNodes = Set.copyOf(changedNodes);
    }
}
