package io.kubenode.agent.kubeadm.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shape of a kubeadm configuration type, checked the way kubeadm's strict decoder checks it: an unknown field
 * or a value of the wrong JSON type is refused with the field's path and the Go type it wanted.
 */
sealed interface ConfigShape {
    /** A problem in {@code value} at {@code path} (dotted, as kubeadm prints it), or null. */
    String problem(String goStruct, String path, JsonNode value);

    ConfigShape STRING = scalar("string", JsonNode::isTextual);
    ConfigShape INT = scalar("int32", JsonNode::isIntegralNumber);
    ConfigShape BOOL = scalar("bool", JsonNode::isBoolean);
    ConfigShape ANY = scalar("interface{}", value -> true);

    static ConfigShape scalar(String goType, java.util.function.Predicate<JsonNode> accepts) {
        return new Scalar(goType, accepts);
    }

    static ConfigShape listOf(ConfigShape element) {
        return new ListOf(element);
    }

    static Struct struct(String goName, Object... fieldsAndShapes) {
        Map<String, ConfigShape> fields = new LinkedHashMap<>();
        for (int i = 0; i < fieldsAndShapes.length; i += 2) {
            fields.put((String) fieldsAndShapes[i], (ConfigShape) fieldsAndShapes[i + 1]);
        }
        return new Struct(goName, fields);
    }

    static String kindOf(JsonNode value) {
        if (value.isObject()) {
            return "object";
        }
        if (value.isArray()) {
            return "array";
        }
        if (value.isTextual()) {
            return "string";
        }
        if (value.isBoolean()) {
            return "bool";
        }
        return value.isNumber() ? "number" : "null";
    }

    record Scalar(String goType, java.util.function.Predicate<JsonNode> accepts) implements ConfigShape {
        @Override
        public String problem(String goStruct, String path, JsonNode value) {
            if (value.isNull() || accepts.test(value)) {
                return null;
            }
            return "json: cannot unmarshal " + kindOf(value) + " into Go struct field " + goStruct + "." + path
                    + " of type " + goType;
        }
    }

    record ListOf(ConfigShape element) implements ConfigShape {
        @Override
        public String problem(String goStruct, String path, JsonNode value) {
            if (value.isNull()) {
                return null;
            }
            if (!value.isArray()) {
                return "json: cannot unmarshal " + kindOf(value) + " into Go struct field " + goStruct + "." + path
                        + " of type []" + (element instanceof Struct struct ? struct.goName() : "string");
            }
            for (JsonNode item : value) {
                String problem = element.problem(goStruct, path, item);
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
    }

    record Struct(String goName, Map<String, ConfigShape> fields) implements ConfigShape {
        @Override
        public String problem(String goStruct, String path, JsonNode value) {
            if (value.isNull()) {
                return null;
            }
            if (!value.isObject()) {
                return "json: cannot unmarshal " + kindOf(value) + " into Go struct field " + goStruct + "."
                        + path + " of type " + goName;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                ConfigShape shape = fields.get(field.getKey());
                if (shape == null) {
                    return "strict decoding error: unknown field \"" + fieldPath + "\"";
                }
                String problem = shape.problem(goName, fieldPath, field.getValue());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
    }
}
