package io.kubenode.controller.systemtest;

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
 * A test's cluster document: a test resource with {@code ${NAME}} placeholders (addresses, versions and sums of
 * what the test serves), filled in, read and validated exactly as the controller reads a submitted document.
 */
public final class ClusterTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

    private final String resource;
    private final String template;
    private final Map<String, String> values;

    private ClusterTemplate(String resource, String template, Map<String, String> values) {
        this.resource = resource;
        this.template = template;
        this.values = Map.copyOf(values);
    }

    /** The test resource {@code resource} (e.g. {@code /vm/cluster.yaml}) with {@code values} for its placeholders. */
    public static ClusterTemplate fromResource(String resource, Map<String, String> values) throws IOException {
        try (InputStream in = ClusterTemplate.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + resource + " is missing");
            }
            return new ClusterTemplate(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8), values);
        }
    }

    /** This document with some values replaced: a variant of the cluster. */
    public ClusterTemplate with(Map<String, String> changes) {
        Map<String, String> merged = new HashMap<>(values);
        merged.putAll(changes);
        return new ClusterTemplate(resource, template, merged);
    }

    /** The document's text; a placeholder without a value fails the test. */
    public String text() {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException("no value for ${" + matcher.group(1) + "} in " + resource);
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(text).toString();
    }

    /** The cluster; a document that does not read or validate fails the test with its problems. */
    public Cluster cluster() {
        ReadResult<Cluster> read = DocumentReader.read(text().getBytes(StandardCharsets.UTF_8), Cluster.class);
        if (read instanceof ReadResult.Unreadable<Cluster> unreadable) {
            throw new AssertionError(resource + " does not read: " + unreadable.problems());
        }
        Cluster cluster = ((ReadResult.Read<Cluster>) read).value();
        ValidationResult result = ClusterValidator.validate(cluster);
        if (!result.valid()) {
            throw new AssertionError(resource + " is invalid: " + result.errors());
        }
        return cluster;
    }

    /** {@code node}'s catalog, compiled as the controller compiles it. */
    public NodeCatalog compile(String node) {
        return new CatalogCompiler().compile(cluster(), node);
    }
}
