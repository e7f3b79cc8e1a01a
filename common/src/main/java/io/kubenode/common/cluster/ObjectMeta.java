package io.kubenode.common.cluster;

public record ObjectMeta(String name) {
}
