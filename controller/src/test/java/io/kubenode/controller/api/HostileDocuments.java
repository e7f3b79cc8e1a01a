package io.kubenode.controller.api;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.SeedCluster;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Request bodies no route may accept, by name: broken YAML and JSON, the example cluster with one field of the wrong
 * type, numbers and strings out of any range, and token requests of every wrong shape. None of them is valid on
 * purpose, so a test sending them can demand that nothing was stored. Deterministic: a fixed seed picks cut points.
 */
final class HostileDocuments {
    static final String EXAMPLE = SeedCluster.exampleText();
    /** A well-formed kubeconfig CSR (a fresh P-256 key): refused only because no cluster document exists. */
    static final String VALID_ADMIN_CSR = io.kubenode.common.pki.Pem.write(
            io.kubenode.controller.kubeconfig.AdminCsr.create(io.kubenode.common.pki.KeyPairs.ecP256()));
    /** The example as JSON: a JSON document cut anywhere before its end is always broken, unlike YAML. */
    static final String EXAMPLE_JSON = Documents.canonicalJson(exampleTree());
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String NUMBER_SLOT = "\"__number__\"";
    /** A value the validator refuses whatever else the document says, to keep null-bearing documents invalid. */
    private static final String PORT_OUT_OF_RANGE = "port: 70000";

    private HostileDocuments() {
    }

    static JsonNode exampleTree() {
        try {
            return Documents.yaml().readTree(EXAMPLE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Syntax no reader accepts, for every route with a body. */
    static Map<String, byte[]> brokenSyntax() {
        Map<String, String> texts = new LinkedHashMap<>();
        SplittableRandom random = new SplittableRandom(20260501);
        for (int i = 0; i < 8; i++) {
            int cut = 1 + random.nextInt(EXAMPLE_JSON.length() - 2);
            texts.put("JSON example cut at " + cut, EXAMPLE_JSON.substring(0, cut));
        }
        texts.put("YAML cut inside a flow mapping", EXAMPLE.substring(0, EXAMPLE.indexOf("{interface: eth1") + 9));
        texts.put("YAML cut inside a quoted string", EXAMPLE.substring(0, EXAMPLE.indexOf("ZqSj#") + 3));
        texts.put("unbalanced {", "{\"apiVersion\": \"kubenode.io/v1alpha1\"");
        texts.put("unbalanced [", "[1, 2, [3]");
        texts.put("mismatched brackets", "{\"a\": [1, 2}");
        texts.put("closing first", "}{");
        texts.put("tab indentation", EXAMPLE.replace("\n  name: lab", "\n\tname: lab"));
        texts.put("billion laughs", billionLaughs());
        texts.put("merge key alias", "base: &base {name: lab}\nmetadata:\n  <<: *base\n");
        texts.put("python object tag", EXAMPLE.replace("kind: Cluster",
                "kind: !!python/object/apply:os.system [\"true\"]"));
        texts.put("JSON objects nested 10k deep", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        texts.put("JSON arrays nested 10k deep", "[".repeat(10_000) + "]".repeat(10_000));
        texts.put("YAML flow nested 10k deep", "spec: " + "{a: ".repeat(10_000) + "1" + "}".repeat(10_000));
        texts.put("YAML blocks nested 1200 deep", yamlBlocks(1200));
        texts.put("duplicate key in YAML", EXAMPLE.replace("kind: Cluster", "kind: Cluster\nkind: Cluster"));
        texts.put("duplicate key in JSON", EXAMPLE_JSON.replaceFirst("\\{", "{\"kind\":\"Cluster\","));
        texts.put("duplicate nested key", EXAMPLE.replace("    port: 8888", "    port: 8888\n    port: 8888"));
        texts.put("two YAML documents", EXAMPLE + "\n---\n" + EXAMPLE);
        texts.put("JSON then trailing garbage", EXAMPLE_JSON + " }garbage");
        texts.put("a bare number", "42");
        texts.put("null", "null");
        texts.put("a JSON array", "[]");
        texts.put("a JSON string", "\"cluster\"");
        texts.put("whitespace only", " \n\t\n");
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        texts.forEach((name, text) -> bodies.put(name, text.getBytes(StandardCharsets.UTF_8)));
        invalidUtf8().forEach(bodies::put);
        return bodies;
    }

    /** Byte sequences UTF-8 forbids, inside an otherwise fine document: the decoder must refuse, not replace. */
    static Map<String, byte[]> invalidUtf8() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        Map<String, byte[]> sequences = Map.of("lone continuation byte", new byte[]{(byte) 0x80},
                "overlong slash", new byte[]{(byte) 0xc0, (byte) 0xaf},
                "UTF-16 surrogate", new byte[]{(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                "truncated sequence", new byte[]{(byte) 0xe2, (byte) 0x82},
                "byte 0xff", new byte[]{(byte) 0xff});
        sequences.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                bodies.put("invalid UTF-8: " + entry.getKey(), splice(EXAMPLE_JSON, "\"lab\"", entry.getValue())));
        bodies.put("NUL bytes", EXAMPLE.replace("name: lab", "name: l\u0000ab").getBytes(StandardCharsets.UTF_8));
        bodies.put("UTF-16 (the encoder adds a byte order mark)", EXAMPLE.getBytes(StandardCharsets.UTF_16));
        return bodies;
    }

    /** The example as JSON with each field, in turn, given values of the wrong JSON type. */
    static Map<String, String> wrongTypes() {
        Map<String, String> documents = new LinkedHashMap<>();
        JsonNode example = exampleTree();
        for (JsonPointer path : paths(example, JsonPointer.empty())) {
            for (JsonNode wrong : wrongValuesFor(example.at(path))) {
                documents.put(path + " = " + wrong, replaced(path, wrong));
            }
        }
        return documents;
    }

    /** Numbers no field can hold and strings longer than any field allows. */
    static Map<String, String> outOfRange() {
        Map<String, String> documents = new LinkedHashMap<>();
        String twoTo70 = BigInteger.TWO.pow(70).toString();
        for (JsonPointer path : pointers("/spec/controlPlaneEndpoint/port",
                "/spec/loadBalancer/keepalived/virtualRouterId", "/spec/loadBalancer/haproxy/apiServerPort")) {
            for (String number : List.of("1e400", "-1e400", twoTo70, "-" + twoTo70, "0.5", "-1", "0", "70000")) {
                documents.put(path + " = " + number, replaced(path, NODES.textNode("__number__"))
                        .replace(NUMBER_SLOT, number));
            }
        }
        String huge = "a".repeat(900_000);
        for (JsonPointer path : pointers("/metadata/name", "/spec/nodes/0/name", "/spec/controlPlaneEndpoint/host",
                "/spec/containerRuntime/runc/sha256", "/spec/kubernetes/version")) {
            documents.put(path + " = 900k characters", replaced(path, NODES.textNode(huge)));
        }
        return documents;
    }

    /** Nulls where lists and maps hold values; the out-of-range port keeps each document invalid either way. */
    static Map<String, String> nullsInCollections() {
        Map<String, String> documents = new LinkedHashMap<>();
        String invalid = EXAMPLE.replace("port: 8888", PORT_OUT_OF_RANGE);
        documents.put("a null node", invalid.replace("  nodes:\n", "  nodes:\n  - null\n"));
        documents.put("an empty node", invalid.replace("  nodes:\n", "  nodes:\n  - {}\n"));
        documents.put("a null kernel module", invalid.replace("[overlay, br_netfilter]", "[overlay, null]"));
        documents.put("a null package", invalid.replace("[curl, wget,", "[~, curl, wget,"));
        documents.put("a null sysctl value", invalid.replace("net.ipv4.ip_forward: \"1\"",
                "net.ipv4.ip_forward: null"));
        documents.put("a null node package", invalid.replace("packages: [tmux]", "packages: [null]"));
        documents.put("a null spec", "apiVersion: kubenode.io/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\n"
                + "spec: null\n");
        return documents;
    }

    /** Token requests of every wrong shape; an empty object would be valid (all defaults), so none is sent. */
    static Map<String, String> tokenBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        String twoTo64 = BigInteger.TWO.pow(64).toString();
        List<String> badNumbers = List.of("\"600\"", "true", "[]", "{}", "600.5", "-1", "0", "1e400", "2e5",
                BigInteger.TWO.pow(70).toString(), new BigInteger(twoTo64).add(BigInteger.valueOf(600)).toString(),
                "4294967297", "\"" + "9".repeat(100_000) + "\"");
        // Just past each maximum: 7 days of seconds, 10 000 uses.
        Map<String, String> overMaximum = Map.of("ttlSeconds", "604801", "uses", "10001");
        for (String field : List.of("ttlSeconds", "uses")) {
            Stream.concat(badNumbers.stream(), Stream.of(overMaximum.get(field))).forEach(value ->
                    bodies.put(field + " = " + abbreviate(value), "{\"" + field + "\": " + value + "}"));
        }
        for (String name : List.of("123", "true", "[]", "{}", "\"\"", "\"UPPER\"", "\"../etc\"", "\"a\\u0000b\"",
                "\"" + "a".repeat(300) + "\"", "\"node1.internal\\n\"")) {
            bodies.put("nodeName = " + abbreviate(name), "{\"nodeName\": " + name + "}");
        }
        bodies.put("an unknown field", "{\"ttlSeconds\": 600, \"admin\": true}");
        bodies.put("duplicate ttlSeconds", "{\"ttlSeconds\": 600, \"ttlSeconds\": 700}");
        bodies.put("YAML instead of JSON", "ttlSeconds: 600\nuses: 1\n");
        return bodies;
    }

    /** Enrollment bodies: wrong types and broken CSRs (no token exists, so none could succeed anyway). */
    static Map<String, String> enrollBodies() {
        Map<String, String> bodies = new LinkedHashMap<>();
        bodies.put("nodeName a number", "{\"nodeName\": 123, \"csr\": \"x\"}");
        bodies.put("csr an object", "{\"nodeName\": \"node1\", \"csr\": {}}");
        bodies.put("csr not PEM", "{\"nodeName\": \"node1\", \"csr\": \"not a csr\"}");
        bodies.put("csr with corrupt base64", "{\"nodeName\": \"node1\", \"csr\": \"-----BEGIN CERTIFICATE "
                + "REQUEST-----\\n!!!!\\n-----END CERTIFICATE REQUEST-----\\n\"}");
        bodies.put("csr a private key", "{\"nodeName\": \"node1\", \"csr\": \"-----BEGIN PRIVATE KEY-----\\nAAAA\\n"
                + "-----END PRIVATE KEY-----\\n\"}");
        bodies.put("fields missing", "{\"csr\": null}");
        return bodies;
    }

    private static String replaced(JsonPointer path, JsonNode value) {
        JsonNode tree = exampleTree();
        JsonNode parent = tree.at(path.head());
        String last = path.last().getMatchingProperty();
        if (parent instanceof ObjectNode object) {
            object.set(last, value);
        } else {
            ((ArrayNode) parent).set(Integer.parseInt(last), value);
        }
        return Documents.canonicalJson(tree);
    }

    /** Wrong for the node's type: scalars get containers, containers get scalars or the other container. */
    private static List<JsonNode> wrongValuesFor(JsonNode node) {
        ObjectNode object = NODES.objectNode().put("x", 1);
        ArrayNode array = NODES.arrayNode().add("a").add("b");
        if (node.isObject()) {
            return List.of(NODES.numberNode(42), array);
        }
        if (node.isArray()) {
            return List.of(object, NODES.textNode("overlay"));
        }
        if (node.isBoolean()) {
            return List.of(NODES.textNode("sometimes"), array);
        }
        if (node.isNumber()) {
            return List.of(NODES.textNode("eight"), object);
        }
        return List.of(object, array);
    }

    /** Every path in the tree, containers included ("/spec/nodes/0/name"); sysctl keys keep their dots. */
    private static List<JsonPointer> paths(JsonNode node, JsonPointer prefix) {
        List<JsonPointer> paths = new ArrayList<>();
        if (!prefix.matches()) {
            paths.add(prefix);
        }
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> paths.addAll(paths(node.get(name),
                    prefix.appendProperty(name))));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                paths.addAll(paths(node.get(i), prefix.appendIndex(i)));
            }
        }
        return paths;
    }

    private static List<JsonPointer> pointers(String... paths) {
        return Arrays.stream(paths).map(JsonPointer::compile).toList();
    }

    private static String billionLaughs() {
        StringBuilder yaml = new StringBuilder("a: &a [" + String.join(",", Collections.nCopies(9, "\"lol\"")) + "]\n");
        for (char level = 'b'; level <= 'i'; level++) {
            char previous = (char) (level - 1);
            yaml.append(level).append(": &").append(level).append(" [")
                    .append(String.join(",", Collections.nCopies(9, "*" + previous))).append("]\n");
        }
        return yaml.toString();
    }

    /** Block mappings nested {@code depth} deep, one space of indent per level (about 720 KB at 1200). */
    private static String yamlBlocks(int depth) {
        StringBuilder yaml = new StringBuilder();
        for (int level = 0; level < depth; level++) {
            yaml.append(" ".repeat(level)).append("a:\n");
        }
        return yaml.append(" ".repeat(depth)).append("b: 1\n").toString();
    }

    private static byte[] splice(String text, String after, byte[] bytes) {
        int at = text.indexOf(after) + 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(bytes);
        out.writeBytes(text.substring(at).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 20) + "...(" + value.length() + " chars)";
    }
}
