package io.kubenode.common.document;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.kubenode.common.validation.Problem;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
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
        return read(bytes, type, MAX_BYTES);
    }

    /** As {@link #read(byte[], Class)} with another size limit (compiled catalogs carry whole files). */
    public static <T> ReadResult<T> read(byte[] bytes, Class<T> type, int maxBytes) {
        if (bytes.length > maxBytes) {
            return unreadable(Problem.DOCUMENT, "document is " + bytes.length + " bytes; the limit is "
                    + readable(maxBytes) + " (" + maxBytes + " bytes)");
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
        Optional<Problem> syntax = checkSyntax(mapper, text);
        if (syntax.isPresent()) {
            return new ReadResult.Unreadable<>(List.of(syntax.get()));
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

    private static String readable(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes + " bytes";
    }

    /**
     * Syntax first, over the whole text, so a broken document reads as broken rather than as a wrong field type.
     * Also refuses what the binder would misread silently: YAML aliases (Jackson binds an alias's name, not its
     * value) and a second document in the stream.
     */
    private static Optional<Problem> checkSyntax(ObjectMapper mapper, String text) {
        try (JsonParser parser = mapper.createParser(text)) {
            int depth = 0;
            boolean rootDone = false;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (rootDone) {
                    return Optional.of(Problem.error(Problem.DOCUMENT, "a second document"
                            + at(parser.currentTokenLocation()) + ": one document per file"));
                }
                if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
                    return Optional.of(Problem.error(Problem.DOCUMENT, "YAML alias *" + parser.getText()
                            + at(parser.currentTokenLocation()) + ": aliases are not supported; write the value"));
                }
                if (token.isStructStart()) {
                    depth++;
                } else if (token.isStructEnd()) {
                    depth--;
                }
                rootDone = depth == 0;
            }
            return Optional.empty();
        } catch (JsonProcessingException e) {
            return Optional.of(Problem.error(Problem.DOCUMENT, "syntax error" + syntaxLocation(e) + ": "
                    + syntaxReason(e)));
        } catch (java.io.IOException e) {
            return Optional.of(Problem.error(Problem.DOCUMENT, "unreadable: " + e.getMessage()));
        }
    }

    /** Where snakeyaml saw the problem (the tab), not where the construct it was reading began. */
    private static String syntaxLocation(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            return " (line " + (marked.getProblemMark().getLine() + 1) + ", column "
                    + (marked.getProblemMark().getColumn() + 1) + ")";
        }
        return at(e.getLocation());
    }

    /** snakeyaml's own problem ("found character '\\t' that cannot start any token") beats Jackson's summary. */
    private static String syntaxReason(JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblem() != null) {
            String context = marked.getContext() == null ? "" : marked.getContext() + ": ";
            return context + marked.getProblem();
        }
        return firstLine(e.getOriginalMessage());
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
