package io.kubenode.agent.resource;

import io.kubenode.common.cluster.OsFamily;

import java.time.Clock;

/**
 * What handlers need beyond the host: the node's OS family (to pick the package provider), the agent's state
 * directory (backups, download cache) and a clock.
 */
public record HandlerContext(OsFamily osFamily, String stateDir, Clock clock) {

    public static final String DEFAULT_STATE_DIR = "/var/lib/kubenode-agent";
}
