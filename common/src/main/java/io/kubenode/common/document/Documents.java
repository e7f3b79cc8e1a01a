package io.kubenode.common.document;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.cfg.MapperBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.OutputStream;

/**
 * The one place mappers are made. Reading is strict (unknown fields, duplicate keys and trailing documents
 * are errors); writing is deterministic (map keys sorted, nulls left out) so equal objects give equal bytes.
 */
public final class Documents {
    private static final ObjectMapper JSON = configure(JsonMapper.builder()).build();
    private static final ObjectMapper YAML = configure(YAMLMapper.builder(YAMLFactory.builder()
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                    .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
                    .disable(YAMLGenerator.Feature.SPLIT_LINES)
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                    .build()))
            .build();

    /** JSON's mapper whose strings may come from a writer's {@link SharedStrings}; compact output. */
    private static final ObjectMapper CANONICAL = configure(JsonMapper.builder())
            .disable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new SimpleModule("shared-strings").addSerializer(String.class, new SharedStringSerializer()))
            .build();

    private Documents() {
    }

    private static <M extends ObjectMapper, B extends MapperBuilder<M, B>> B configure(B builder) {
        return builder
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .serializationInclusion(JsonInclude.Include.NON_NULL);
    }

    public static ObjectMapper json() {
        return JSON;
    }

    public static ObjectMapper yaml() {
        return YAML;
    }

    /** The mapper for a document's text: JSON when it starts with '{', YAML otherwise (JSON is YAML too). */
    public static ObjectMapper forText(String text) {
        return text.stripLeading().startsWith("{") ? JSON : YAML;
    }

    public static String toYaml(Object value) {
        return write(YAML, value);
    }

    /** YAML keeping the insertion order of maps, for documents whose readers expect apiVersion and kind first. */
    public static String toYamlInInsertionOrder(Object value) {
        try {
            return YAML.writer().without(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String toJson(Object value) {
        return write(JSON, value) + "\n";
    }

    /** Compact JSON with sorted map keys: the input of content hashes. */
    public static String canonicalJson(Object value) {
        try {
            return CANONICAL.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** {@link #canonicalJson} as UTF-8 bytes, without a String in between (for large documents sent as is). */
    public static byte[] canonicalJsonBytes(Object value) {
        try {
            return CANONICAL.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * {@link #canonicalJsonBytes(Object)}, the same bytes, written to {@code out}, with the large strings of a
     * batch escaped once: for many documents that repeat the same text, serialised into a buffer the caller reuses.
     */
    public static void writeCanonicalJson(Object value, SharedStrings shared, OutputStream out) {
        try {
            CANONICAL.writer().withAttribute(SharedStrings.class, shared).writeValue(out, value);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static String write(ObjectMapper mapper, Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
