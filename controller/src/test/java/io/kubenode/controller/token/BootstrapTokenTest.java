package io.kubenode.controller.token;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootstrapTokenTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void generatedTokensHaveKubeadmsShape() {
        for (int i = 0; i < 200; i++) {
            assertThat(BootstrapToken.generate(random).value()).matches("[a-z0-9]{6}\\.[a-z0-9]{16}");
        }
    }

    @Test
    void generatedCharactersSpreadEvenlyOverTheAlphabet() {
        Map<Character, Integer> counts = new HashMap<>();
        int tokens = 3000;
        for (int i = 0; i < tokens; i++) {
            for (char c : BootstrapToken.generate(random).value().replace(".", "").toCharArray()) {
                counts.merge(c, 1, Integer::sum);
            }
        }

        double expected = tokens * 22 / 36.0;
        assertThat(counts).hasSize(36);
        assertThat(counts.values()).allSatisfy(count -> assertThat(count).isBetween((int) (expected * 0.85),
                (int) (expected * 1.15)));
    }

    @Test
    void aTokenParsesBackToItsIdAndSecret() {
        BootstrapToken token = BootstrapToken.parse(" abcdef.0123456789abcdef\n");

        assertThat(token.id()).isEqualTo("abcdef");
        assertThat(token.secret()).isEqualTo("0123456789abcdef");
        assertThat(token.value()).isEqualTo("abcdef.0123456789abcdef");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "q1w2e3r4t5y6u7i8o9p0as", "Q1W2E3.r4t5y6u7i8o9p0as", "q1w2e.r4t5y6u7i8o9p0as",
            "q1w2e3.r4t5y6u7i8o9p0a", "q1w2e3.r4t5y6u7i8o9p0as0", "q1w2e3:r4t5y6u7i8o9p0as", "q1-2e3.r4t5y6u7i8o9p0as"})
    void malformedTextIsRefusedWithTheExpectedShapeAndWithoutEchoingIt(String text) {
        assertThatThrownBy(() -> BootstrapToken.parse(text)).isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("expected <id>.<secret>, 6 and 16 characters of a-z and 0-9")
                .satisfies(e -> {
                    if (text != null && !text.isEmpty()) {
                        assertThat(e.getMessage()).doesNotContain(text);
                    }
                });
    }

    @Test
    void toStringNeverRevealsTheSecret() {
        BootstrapToken token = BootstrapToken.parse("abcdef.0123456789abcdef");
        IssuedToken issued = new IssuedToken(token, Instant.EPOCH, 1, null);

        assertThat(token.toString()).contains("abcdef").doesNotContain("0123456789abcdef");
        assertThat(issued.toString()).doesNotContain("0123456789abcdef");
    }

    @Test
    void theHashIsSha256OverIdAndSecret() {
        BootstrapToken token = BootstrapToken.parse("abcdef.0123456789abcdef");

        assertThat(token.secretHash()).hasSize(32).isEqualTo(BootstrapToken.parse(token.value()).secretHash());
        assertThat(token.secretHash()).isNotEqualTo(BootstrapToken.parse("abcdeg.0123456789abcdef").secretHash())
                .isNotEqualTo(BootstrapToken.parse("abcdef.0123456789abcdeg").secretHash());
    }
}
