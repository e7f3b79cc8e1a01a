package io.kubenode.controller.orchestration;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one decision changes: the next record, the nodes whose catalogs must be compiled again (their
 * {@link Released} changed, or they hold the token and it changed), the events to audit, whether the token
 * candidate was adopted (its secret must be stored first) and when to decide again at the latest (retry backoff,
 * token refresh) even if nothing reports.
 */
public record Decision(OrchestrationRecord next, Set<String> changedNodes, List<OrchestrationEvent> events,
                       boolean tokenCandidateUsed, Optional<Instant> wakeAt) {

    public Decision {
        changedNodes = Set.copyOf(changedNodes);
        events = List.copyOf(events);
    }
}
