package io.kubenode.controller.api;

import io.kubenode.controller.token.TokenRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenRequestBodyTest {

    @Test
    void anEmptyBodyOrObjectAsksForTheDefaults() {
        assertThat(parse("")).isEqualTo(TokenRequest.defaults());
        assertThat(parse("{}")).isEqualTo(TokenRequest.defaults());
        assertThat(parse("{\"ttlSeconds\": null, \"uses\": null, \"nodeName\": null}"))
                .isEqualTo(TokenRequest.defaults());
    }

    @Test
    void everyFieldIsRead() {
        assertThat(parse("{\"ttlSeconds\": 600, \"uses\": 2, \"nodeName\": \"node4\"}"))
                .isEqualTo(new TokenRequest(Duration.ofSeconds(600), 2, "node4"));
    }

    /** What Jackson's asLong/asInt would have turned into a number (or the default) and a token. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"ttlSeconds\": \"600\"}", "{\"ttlSeconds\": true}", "{\"ttlSeconds\": []}",
            "{\"ttlSeconds\": 600.5}", "{\"ttlSeconds\": 18446744073709552216}", "{\"uses\": 4294967297}",
            "{\"uses\": {}}", "{\"nodeName\": 123}", "{\"nodeName\": true}", "{\"admin\": true}", "[]", "600",
            "{\"ttlSeconds\": 600, \"ttlSeconds\": 700}"})
    void wrongTypesWrappedNumbersAndUnknownFieldsAreRefused(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRefusalNamesTheFieldButDoesNotEchoLongValues() {
        assertThatThrownBy(() -> parse("{\"uses\": \"" + "9".repeat(1000) + "\"}"))
                .hasMessage("uses: expected an integer 1..10000, got a string");
        assertThatThrownBy(() -> parse("{\"ttlSeconds\": 604801}"))
                .hasMessage("ttlSeconds: expected an integer 1..604800, got 604801");
    }

    private static TokenRequest parse(String body) {
        return TokenRequestBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }
}
