package io.kubenode.agent.resource.kubeadmtoken;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads {@code kubeadm token list -o json}: one JSON object per token, one after another (none at all when there is
 * no token), each with {@code token: "ID.SECRET"} and, unless it never expires, {@code expires} (RFC 3339). Only the
 * id and the expiry are kept; an error never quotes the input, which holds secrets.
 */
final class TokenList {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenList() {
    }

    /** The listed token with this id, or {@link TokenActual#notListed()}; IllegalArgumentException on bad input. */
    static TokenActual find(String output, String id) {
        if (output.isBlank()) {
            return TokenActual.notListed();
        }
        try (MappingIterator<JsonNode> objects = JSON.readerFor(JsonNode.class).readValues(output)) {
            while (objects.hasNextValue()) {
                JsonNode object = objects.nextValue();
                Optional<String> listedId = idOf(object.path("token").asText(""));
                if (listedId.isPresent() && listedId.get().equals(id)) {
                    return new TokenActual(true, expiry(object.path("expires")));
                }
            }
            return TokenActual.notListed();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("kubeadm token list -o json printed something other than JSON objects"
                    + " (at line " + e.getLocation().getLineNr() + "; not shown, it may hold tokens)");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot read the output of kubeadm token list: " + e.getClass()
                    .getSimpleName());
        }
    }

    /** The part before the dot of "ID.SECRET"; the secret is never kept. */
    private static Optional<String> idOf(String token) {
        int dot = token.indexOf('.');
        return dot > 0 ? Optional.of(token.substring(0, dot)) : Optional.empty();
    }

    private static Instant expiry(JsonNode expires) {
        if (expires.isMissingNode() || expires.isNull() || expires.asText("").isEmpty()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(expires.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("kubeadm token list: expires is not an RFC 3339 time: "
                    + expires.asText());
        }
    }
}
