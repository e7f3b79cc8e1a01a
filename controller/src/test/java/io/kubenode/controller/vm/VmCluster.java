package io.kubenode.controller.vm;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.controller.systemtest.ClusterTemplate;

import java.io.IOException;
import java.util.Map;

/**
 * The VM test's cluster document (test resource vm/cluster.yaml) with its placeholders filled, validated and
 * compiled for the VM's node exactly as kubenodectl would.
 */
final class VmCluster {
    static final String NODE = "kn-node1";

    private final ClusterTemplate template;

    private VmCluster(ClusterTemplate template) {
        this.template = template;
    }

    static VmCluster fromResource(Map<String, String> values) throws IOException {
        return new VmCluster(ClusterTemplate.fromResource("/vm/cluster.yaml", values));
    }

    /** This document with some values replaced: a variant of the cluster. */
    VmCluster with(Map<String, String> changes) {
        return new VmCluster(template.with(changes));
    }

    /** The node's catalog; a document that does not read or validate fails the test with its problems. */
    NodeCatalog compile() {
        return template.compile(NODE);
    }
}
