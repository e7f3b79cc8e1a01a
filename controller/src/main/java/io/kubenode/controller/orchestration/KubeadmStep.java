package io.kubenode.controller.orchestration;

/**
 * The kubeadm step released to a node: {@code action} init, join or reset (KubeadmSpec's), {@code attempt} from 1,
 * and when it was released (ISO-8601).
 */
public record KubeadmStep(String action, int attempt, String releasedAt) {
}
