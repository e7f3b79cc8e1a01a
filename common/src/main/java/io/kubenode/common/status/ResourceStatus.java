package io.kubenode.common.status;

import java.util.List;

/**
 * One resource's outcome in the last pass: {@code state} is in_sync, changed, failed, skipped or not_ready;
 * {@code message} says why for the last three. In an interim status sent while a pass is under way, the resource
 * being applied is {@code running} ("kubeadm join running for 42 s").
 */
public record ResourceStatus(String id, String type, String state, List<String> changes, String message) {
    public static final String FAILED = "failed";
    public static final String RUNNING = "running";

    public ResourceStatus {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
