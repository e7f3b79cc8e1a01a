package io.kubenode.common.cluster;

/** The highly-available API endpoint: a DNS name, the keepalived virtual IP it maps to, the haproxy port. */
public record ControlPlaneEndpoint(String host, String address, Integer port) {
}
