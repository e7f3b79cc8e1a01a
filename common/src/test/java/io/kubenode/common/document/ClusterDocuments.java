package io.kubenode.common.document;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.validation.ClusterValidator;
import io.kubenode.common.validation.Problem;
import io.kubenode.common.validation.ValidationResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The example Cluster document as a Jackson tree that a test changes by path, then reads back through
 * {@link DocumentReader} and validates with {@link ClusterValidator}, exactly as a user's file would be.
 *
 * <p>Paths look like the validator's: {@code spec.nodes[1].address}, {@code spec.loadBalancer.keepalived.authPass};
 * a map key holding dots is quoted: {@code spec.host.sysctl['net.ipv4.ip_forward']}.
 */
public final class ClusterDocuments {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ObjectNode root;

    private ClusterDocuments(ObjectNode root) {
        this.root = root;
    }

    /** deploy/examples/cluster.yaml, found from the module directory surefire runs in. */
    public static Path examplePath() {
        return Path.of(System.getProperty("project.basedir", ".")).toAbsolutePath()
                .resolve("../deploy/examples/cluster.yaml").normalize();
    }

    public static String exampleText() {
        try {
            return Files.readString(examplePath(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ClusterDocuments example() {
        return of(exampleText());
    }

    public static ClusterDocuments of(String yaml) {
        try {
            return new ClusterDocuments((ObjectNode) YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not YAML: " + e.getOriginalMessage(), e);
        }
    }

    /** Sets a value (String, Integer, Boolean, List, Map or null), creating missing mappings on the way. */
    public ClusterDocuments set(String path, Object value) {
        List<Object> steps = steps(path);
        JsonNode parent = parentOf(path, steps, true);
        Object last = steps.get(steps.size() - 1);
        JsonNode node = value == null ? NullNode.getInstance() : YAML.valueToTree(value);
        if (last instanceof String field) {
            ((ObjectNode) parent).set(field, node);
        } else {
            ArrayNode array = (ArrayNode) parent;
            int index = (Integer) last;
            if (index == array.size()) {
                array.add(node);
            } else {
                array.set(checkIndex(path, array, index), node);
            }
        }
        return this;
    }

    /** Appends to the list at {@code path}. */
    public ClusterDocuments append(String path, Object value) {
        JsonNode list = at(path);
        if (!(list instanceof ArrayNode array)) {
            throw new IllegalArgumentException(path + " is not a list");
        }
        array.add(value == null ? NullNode.getInstance() : YAML.valueToTree(value));
        return this;
    }

    /** Removes a field, or a list entry (later entries move up). */
    public ClusterDocuments remove(String path) {
        List<Object> steps = steps(path);
        JsonNode parent = parentOf(path, steps, false);
        Object last = steps.get(steps.size() - 1);
        if (last instanceof String field) {
            if (((ObjectNode) parent).remove(field) == null) {
                throw new IllegalArgumentException("nothing to remove at " + path);
            }
        } else {
            ArrayNode array = (ArrayNode) parent;
            array.remove(checkIndex(path, array, (Integer) last));
        }
        return this;
    }

    public String toYaml() {
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public byte[] toYamlBytes() {
        return toYaml().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads the document as a user's file is read; a test using this expects it to be readable. */
    public Cluster read() {
        ReadResult<Cluster> result = DocumentReader.read(toYamlBytes(), Cluster.class);
        if (result instanceof ReadResult.Unreadable<Cluster> unreadable) {
            throw new AssertionError("document unreadable: " + unreadable.problems().stream()
                    .map(Problem::render).collect(Collectors.joining("; ")) + "\n" + toYaml());
        }
        return ((ReadResult.Read<Cluster>) result).value();
    }

    public ValidationResult validate() {
        return ClusterValidator.validate(read());
    }

    private JsonNode at(String path) {
        JsonNode node = root;
        for (Object step : steps(path)) {
            node = step instanceof String field ? node.get(field) : node.get((Integer) step);
            if (node == null) {
                throw new IllegalArgumentException("no value at " + path);
            }
        }
        return node;
    }

    private JsonNode parentOf(String path, List<Object> steps, boolean create) {
        JsonNode node = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            Object step = steps.get(i);
            JsonNode child;
            if (step instanceof String field) {
                child = node.get(field);
                if ((child == null || child.isNull()) && create) {
                    child = steps.get(i + 1) instanceof String
                            ? ((ObjectNode) node).putObject(field) : ((ObjectNode) node).putArray(field);
                }
            } else {
                child = node.get((Integer) step);
            }
            if (child == null || !child.isContainerNode()) {
                throw new IllegalArgumentException("no mapping or list on the way to " + path);
            }
            node = child;
        }
        Object last = steps.get(steps.size() - 1);
        if (last instanceof String ? !node.isObject() : !node.isArray()) {
            throw new IllegalArgumentException(path + " does not fit the document's shape");
        }
        return node;
    }

    private static int checkIndex(String path, ArrayNode array, int index) {
        if (index < 0 || index >= array.size()) {
            throw new IllegalArgumentException(path + ": index " + index + " outside 0.." + (array.size() - 1));
        }
        return index;
    }

    /** Field names (String) and list indexes (Integer) of a path. */
    static List<Object> steps(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                i++;
            } else if (path.startsWith("['", i)) {
                int close = path.indexOf("']", i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed ['...'] in " + path);
                }
                steps.add(path.substring(i + 2, close));
                i = close + 2;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw new IllegalArgumentException("unclosed [...] in " + path);
                }
                steps.add(Integer.parseInt(path.substring(i + 1, close)));
                i = close + 1;
            } else {
                int end = i;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                steps.add(path.substring(i, end));
                i = end;
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return steps;
    }
}
