package io.kubenode.common.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.kubenode.common.validation.Problem;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads a YAML or JSON document into a typed value. Anything wrong with the bytes becomes a {@link Problem}
 * with the field path and, where the parser knows it, line and column; never an exception.
 */
public final class DocumentReader {
    public static final int MAX_BYTES = 1024 * 1024;

    private DocumentReader() {
    }

    public static <T> ReadResult<T> read(byte[] bytes, Class<T> type) {
        if (bytes.length > MAX_BYTES) {
            return unreadable(Problem.DOCUMENT, "document is " + bytes.length + " bytes; the limit is 1 MiB ("
                    + MAX_BYTES + " bytes)");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return unreadable(Problem.DOCUMENT, "not valid UTF-8");
        }
        if (text.isBlank()) {
            return unreadable(Problem.DOCUMENT, "empty document");
        }
        ObjectMapper mapper = Documents.forText(text);
        try {
            // Syntax first, over the whole text: a broken document reads as broken, not as a wrong field type.
            mapper.readTree(text);
        } catch (JsonMappingException e) {
            return unreadable(Problem.DOCUMENT, firstLine(e.getOriginalMessage()) + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            return unreadable(Problem.DOCUMENT, "syntax error" + at(e.getLocation()) + ": "
                    + firstLine(e.getOriginalMessage()));
        }
        try {
            T value = mapper.readValue(text, type);
            if (value == null) {
                return unreadable(Problem.DOCUMENT, "empty document");
            }
            return new ReadResult.Read<>(value);
        } catch (JsonMappingException e) {
            return unreadable(pathOf(e), describe(e) + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            return unreadable(Problem.DOCUMENT, "syntax error" + at(e.getLocation()) + ": "
                    + firstLine(e.getOriginalMessage()));
        }
    }

    private static <T> ReadResult<T> unreadable(String path, String message) {
        return new ReadResult.Unreadable<>(List.of(Problem.error(path, message)));
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? Problem.DOCUMENT : path.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            TreeSet<String> known = new TreeSet<>();
            unknown.getKnownPropertyIds().forEach(id -> known.add(String.valueOf(id)));
            return "unknown field '" + unknown.getPropertyName() + "' (expected one of: "
                    + String.join(", ", known) + ")";
        }
        if (e instanceof InvalidTypeIdException typeId) {
            return "unknown type '" + typeId.getTypeId() + "'";
        }
        if (e instanceof InvalidFormatException format) {
            return "expected " + typeName(format.getTargetType()) + ", got '" + format.getValue() + "'";
        }
        if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            return instantiation.getCause().getMessage();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + typeName(mismatch.getTargetType());
        }
        return firstLine(e.getOriginalMessage());
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a different value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return "a " + type.getSimpleName();
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
