package io.kubenode.controller.serve;

import io.kubenode.controller.rollout.RolloutControl;
import io.kubenode.controller.rollout.RolloutStatus;

import java.util.Optional;

/**
 * Stand-in until the rollout implementation is wired (issue 15, merged separately): there is never a rollout, and
 * every action answers {@link RolloutControl.Outcome.NoRollout}, so the API's rollout routes answer 404.
 */
final class RolloutsNotWired implements RolloutControl {
    static final String MESSAGE = "rollouts are not wired yet";

    @Override
    public Optional<RolloutStatus> status() {
        return Optional.empty();
    }

    @Override
    public Outcome pause(String who, String reason) {
        return new Outcome.NoRollout(MESSAGE);
    }

    @Override
    public Outcome resume(String who) {
        return new Outcome.NoRollout(MESSAGE);
    }

    @Override
    public Outcome undo(String who) {
        return new Outcome.NoRollout(MESSAGE);
    }
}
