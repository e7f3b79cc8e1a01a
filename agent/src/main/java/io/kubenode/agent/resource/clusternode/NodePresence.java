package io.kubenode.agent.resource.clusternode;

/** Whether the Kubernetes API still has the Node object. */
public record NodePresence(boolean present) {
}
