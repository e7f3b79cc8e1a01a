package io.kubenode.controller.rollout;

import java.util.List;

/**
 * What the rollout does now: the nodes to give the new catalog, and how it stands.
 *
 * @param release      nodes to release now, in document order
 * @param state        {@link State#ROLLING}, {@link State#PAUSED} (a node failed, or a person paused it: nothing more
 *                     is released) or {@link State#COMPLETE}
 * @param reason       why it is paused (the failed node), else null
 * @param controlPlanes "done/total" of the control planes the revision interrupts
 * @param workers       "done/total" of the workers it interrupts
 */
public record RolloutDecision(List<String> release, State state, String reason, String controlPlanes,
                              String workers) {

    public RolloutDecision {
        release = List.copyOf(release);
    }

    public enum State {
        ROLLING, PAUSED, COMPLETE
    }
}
