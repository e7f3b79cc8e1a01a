package io.kubenode.controller.vm;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.ClusterValidator;
import io.kubenode.common.validation.ValidationResult;
import io.kubenode.controller.compiler.CatalogCompiler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The VM test's cluster document (test resource vm/cluster.yaml) with its placeholders filled, validated and
 * compiled for the VM's node exactly as kubenodectl would.
 */
final class VmCluster {
    static final String NODE = "kn-node1";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private final String template;
    private final Map<String, String> values;

    private VmCluster(String template, Map<String, String> values) {
        this.template = template;
        this.values = Map.copyOf(values);
    }

    static VmCluster fromResource(Map<String, String> values) throws IOException {
        try (InputStream in = VmCluster.class.getResourceAsStream("/vm/cluster.yaml")) {
            if (in == null) {
                throw new IllegalStateException("test resource /vm/cluster.yaml is missing");
            }
            return new VmCluster(new String(in.readAllBytes(), StandardCharsets.UTF_8), values);
        }
    }

    /** This document with some values replaced: a variant of the cluster. */
    VmCluster with(Map<String, String> changes) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(changes);
        return new VmCluster(template, merged);
    }

    String text() {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "} in vm/cluster.yaml");
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(text).toString();
    }

    /** The node's catalog; a document that does not read or validate fails the test with its problems. */
    NodeCatalog compile() {
        ReadResult<Cluster> read = DocumentReader.read(text().getBytes(StandardCharsets.UTF_8), Cluster.class);
        if (read instanceof ReadResult.Unreadable<Cluster> unreadable) {
            throw new AssertionError("the VM cluster document does not read: " + unreadable.problems());
        }
        Cluster cluster = ((ReadResult.Read<Cluster>) read).value();
        ValidationResult result = ClusterValidator.validate(cluster);
        if (!result.valid()) {
            throw new AssertionError("the VM cluster document is invalid: " + result.errors());
        }
        return new CatalogCompiler().compile(cluster, NODE);
    }
}
