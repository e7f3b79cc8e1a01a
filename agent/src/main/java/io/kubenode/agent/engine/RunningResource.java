package io.kubenode.agent.engine;

import java.time.Duration;
import java.time.Instant;

/** A resource whose apply is under way: which, doing what ("kubeadm join"), since when. */
public record RunningResource(String id, String type, String activity, Instant since) {

    /** "kubeadm join running for 42 s". */
    public String message(Instant now) {
        return activity + " running for " + Math.max(0, Duration.between(since, now).toSeconds()) + " s";
    }
}
