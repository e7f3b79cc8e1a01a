package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;

/** apiVersion, kind, metadata.name, spec. */
final class DocumentRules implements ClusterRule {

    @Override
    public void check(Cluster cluster, Problems problems) {
        if (problems.required("apiVersion", cluster.apiVersion())
                && !Cluster.API_VERSION.equals(cluster.apiVersion())) {
            problems.error("apiVersion", "expected " + Cluster.API_VERSION + ", got '" + cluster.apiVersion() + "'");
        }
        if (problems.required("kind", cluster.kind()) && !Cluster.KIND.equals(cluster.kind())) {
            problems.error("kind", "expected " + Cluster.KIND + ", got '" + cluster.kind() + "'");
        }
        if (problems.required("metadata", cluster.metadata())
                && problems.required("metadata.name", cluster.metadata().name())
                && !Patterns.isDns1123Subdomain(cluster.metadata().name())) {
            problems.error("metadata.name", dns1123(cluster.metadata().name()));
        }
        problems.required("spec", cluster.spec());
    }

    static String dns1123(String value) {
        return "'" + value + "' is not a DNS-1123 name (lowercase letters, digits, '-' and '.', "
                + "starting and ending with a letter or digit, at most 253 characters)";
    }
}
