package io.kubenode.agent.resource.probe;

/** A healthy probe's finding in words ("a gRPC (HTTP/2) server answers on /run/containerd/containerd.sock"). */
public record ProbeActual(String answer) {
}
