package io.kubenode.controller.token;

import io.kubenode.controller.store.SettableClock;
import io.kubenode.controller.store.SqliteStore;
import io.kubenode.controller.store.TokenCheck;
import io.kubenode.controller.store.TokenInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BootstrapTokensTest {
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dataDir;
    private final SettableClock clock = new SettableClock(START);
    private SqliteStore store;
    private BootstrapTokens tokens;

    @BeforeEach
    void open() {
        store = SqliteStore.open(dataDir, clock);
        tokens = new BootstrapTokens(store, new SecureRandom(), clock);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aDefaultTokenLastsAnHourForOneUseByAnyNode() {
        IssuedToken issued = tokens.create(TokenRequest.defaults(), "admin");

        assertThat(issued.expiresAt()).isEqualTo(START.plus(Duration.ofHours(1)));
        assertThat(store.tokens()).containsExactly(new TokenInfo(issued.token().id(), START.plus(Duration.ofHours(1)),
                1, null, "admin", START, null));
    }

    @Test
    void theIssuedTokenIsAcceptedOnceThenUsedUp() {
        BootstrapToken token = tokens.create(TokenRequest.defaults(), "admin").token();

        assertThat(tokens.consume(BootstrapToken.parse(token.value()), "node1.internal"))
                .isEqualTo(TokenCheck.ACCEPTED);
        assertThat(tokens.consume(token, "node1.internal")).isEqualTo(TokenCheck.USED_UP);
    }

    @Test
    void aTokenWithTheRightIdButAnotherSecretIsUnknown() {
        BootstrapToken token = tokens.create(TokenRequest.defaults(), "admin").token();
        String otherSecret = token.secret().equals("0000000000000000") ? "1111111111111111" : "0000000000000000";

        assertThat(tokens.consume(new BootstrapToken(token.id(), otherSecret), "node1.internal"))
                .isEqualTo(TokenCheck.UNKNOWN);
    }

    @Test
    void aTokenExpiresAfterItsTtl() {
        BootstrapToken token = tokens.create(new TokenRequest(Duration.ofMinutes(10), 3, null), "admin").token();
        clock.advance(Duration.ofMinutes(10));

        assertThat(tokens.consume(token, "node1.internal")).isEqualTo(TokenCheck.EXPIRED);
    }

    @Test
    void aNodeBoundTokenEnrollsOnlyThatNode() {
        BootstrapToken token = tokens.create(TokenRequest.defaults().forNode("node4.internal"), "admin").token();

        assertThat(tokens.consume(token, "node5.internal")).isEqualTo(TokenCheck.WRONG_NODE);
        assertThat(tokens.consume(token, "node4.internal")).isEqualTo(TokenCheck.ACCEPTED);
    }

    @Test
    void aRequestNeedsAPositiveTtlAndAtLeastOneUse() {
        assertThatThrownBy(() -> new TokenRequest(Duration.ZERO, 1, null)).hasMessageContaining("ttl");
        assertThatThrownBy(() -> new TokenRequest(Duration.ofHours(1), 0, null)).hasMessageContaining("uses");
    }
}
