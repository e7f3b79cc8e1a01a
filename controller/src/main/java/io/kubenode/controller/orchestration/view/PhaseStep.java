package io.kubenode.controller.orchestration.view;

/** One cluster phase of the bring-up: when it was entered and how long it took (so far, if {@code current}). */
public record PhaseStep(String phase, String enteredAt, long elapsedSeconds, boolean current) {
}
