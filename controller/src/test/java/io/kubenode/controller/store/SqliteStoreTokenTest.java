package io.kubenode.controller.store;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class SqliteStoreTokenTest extends WithOpenStore {
    private static final byte[] HASH = "hash-of-abcdef.0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private static NewToken token(String id, int uses, String node) {
        return new NewToken(id, HASH, START.plus(Duration.ofHours(1)), uses, node, "admin");
    }

    @Test
    void anAddedTokenIsListedWithoutItsHash() {
        assertThat(store.addToken(token("abcdef", 2, "node1.internal"))).isTrue();

        assertThat(store.tokens()).containsExactly(new TokenInfo("abcdef", START.plus(Duration.ofHours(1)), 2,
                "node1.internal", "admin", START, null));
        assertThat(TokenInfo.class.getRecordComponents()).noneMatch(c -> c.getType() == byte[].class);
    }

    @Test
    void aSecondTokenWithTheSameIdIsRefused() {
        store.addToken(token("abcdef", 1, null));

        assertThat(store.addToken(token("abcdef", 5, null))).isFalse();
        assertThat(store.tokens()).extracting(TokenInfo::usesLeft).containsExactly(1);
    }

    @Test
    void aValidTokenIsAcceptedAndLosesAUse() {
        store.addToken(token("abcdef", 2, null));

        assertThat(store.consumeToken("abcdef", HASH, "node1.internal")).isEqualTo(TokenCheck.ACCEPTED);
        assertThat(store.tokens()).extracting(TokenInfo::usesLeft).containsExactly(1);
    }

    @Test
    void anUnknownIdIsUnknown() {
        assertThat(store.consumeToken("zzzzzz", HASH, "node1.internal")).isEqualTo(TokenCheck.UNKNOWN);
    }

    @Test
    void aWrongSecretIsUnknownAndTakesNoUse() {
        store.addToken(token("abcdef", 1, null));

        assertThat(store.consumeToken("abcdef", "other".getBytes(StandardCharsets.US_ASCII), "node1.internal"))
                .isEqualTo(TokenCheck.UNKNOWN);
        assertThat(store.tokens()).extracting(TokenInfo::usesLeft).containsExactly(1);
    }

    @Test
    void aTokenAtOrPastItsExpiryIsExpired() {
        store.addToken(token("abcdef", 1, null));
        clock.advance(Duration.ofHours(1));

        assertThat(store.consumeToken("abcdef", HASH, "node1.internal")).isEqualTo(TokenCheck.EXPIRED);
    }

    @Test
    void aTokenWithoutUsesLeftIsUsedUp() {
        store.addToken(token("abcdef", 1, null));
        store.consumeToken("abcdef", HASH, "node1.internal");

        assertThat(store.consumeToken("abcdef", HASH, "node2.internal")).isEqualTo(TokenCheck.USED_UP);
    }

    @Test
    void aTokenBoundToANodeRefusesAnotherNode() {
        store.addToken(token("abcdef", 1, "node1.internal"));

        assertThat(store.consumeToken("abcdef", HASH, "node2.internal")).isEqualTo(TokenCheck.WRONG_NODE);
        assertThat(store.consumeToken("abcdef", HASH, "node1.internal")).isEqualTo(TokenCheck.ACCEPTED);
    }

    @Test
    void checkingATokenTakesNoUseAndWritesNoAuditRow() {
        store.addToken(token("abcdef", 1, "node1.internal"));

        assertThat(store.checkToken("abcdef", HASH, "node1.internal")).isEqualTo(TokenCheck.ACCEPTED);
        assertThat(store.checkToken("abcdef", HASH, "node2.internal")).isEqualTo(TokenCheck.WRONG_NODE);
        assertThat(store.checkToken("abcdef", "other".getBytes(StandardCharsets.US_ASCII), "node1.internal"))
                .isEqualTo(TokenCheck.UNKNOWN);
        assertThat(store.tokens()).extracting(TokenInfo::usesLeft).containsExactly(1);
        assertThat(store.audit(10)).extracting(AuditEntry::action).containsExactly("token.create");
    }

    @Test
    void anUnboundTokenCannotTakeAProtectedNameSpendsNothingAndTheRefusalIsAudited() {
        store.addToken(token("abcdef", 1, null));

        assertThat(store.consumeToken("abcdef", HASH, "node1.internal", "holds a valid certificate"))
                .isEqualTo(TokenCheck.NEEDS_BOUND_TOKEN);

        assertThat(store.tokens()).extracting(TokenInfo::usesLeft).containsExactly(1);
        assertThat(store.audit(1)).extracting(AuditEntry::who, AuditEntry::action, AuditEntry::object)
                .containsExactly(tuple("system:bootstrap:abcdef", "token.refuse", "node/node1.internal"));
        assertThat(store.audit(1).get(0).summary()).contains("holds a valid certificate");
        assertThat(store.consumeToken("abcdef", HASH, "node2.internal", null)).isEqualTo(TokenCheck.ACCEPTED);
    }

    @Test
    void aBoundTokenTakesItsProtectedName() {
        store.addToken(token("abcdef", 1, "node1.internal"));

        assertThat(store.consumeToken("abcdef", HASH, "node1.internal", "is a control-plane node"))
                .isEqualTo(TokenCheck.ACCEPTED);
    }

    @Test
    void aRevokedTokenIsRevokedAndListedAsSuch() {
        store.addToken(token("abcdef", 3, null));
        clock.advance(Duration.ofMinutes(5));

        assertThat(store.revokeToken("abcdef", "alice")).isTrue();

        assertThat(store.consumeToken("abcdef", HASH, "node1.internal")).isEqualTo(TokenCheck.REVOKED);
        assertThat(store.tokens()).extracting(TokenInfo::revoked, TokenInfo::revokedAt)
                .containsExactly(tuple(true, START.plus(Duration.ofMinutes(5))));
    }

    @Test
    void revokingAnUnknownTokenSaysSo() {
        assertThat(store.revokeToken("zzzzzz", "alice")).isFalse();
    }

    @Test
    void createRevokeAndAcceptedUsesEachWriteOneAuditRow() {
        store.addToken(token("abcdef", 2, null));
        store.consumeToken("abcdef", HASH, "node1.internal");
        store.consumeToken("abcdef", HASH, "node1.internal");
        store.consumeToken("abcdef", HASH, "node1.internal");
        store.revokeToken("abcdef", "alice");
        store.revokeToken("abcdef", "alice");

        assertThat(store.audit(10)).extracting(AuditEntry::who, AuditEntry::action, AuditEntry::object)
                .containsExactly(
                        tuple("alice", "token.revoke", "token/abcdef"),
                        tuple("system:bootstrap:abcdef", "token.consume", "token/abcdef"),
                        tuple("system:bootstrap:abcdef", "token.consume", "token/abcdef"),
                        tuple("admin", "token.create", "token/abcdef"));
    }

    @Test
    void twentyThreadsRacingForAFiveUseTokenGetExactlyFiveAcceptances() throws Exception {
        store.addToken(token("abcdef", 5, null));
        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<TokenCheck>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String node = "node" + i + ".internal";
                results.add(pool.submit(() -> {
                    start.await();
                    return store.consumeToken("abcdef", HASH, node);
                }));
            }
            start.countDown();
            List<TokenCheck> checks = new ArrayList<>();
            for (Future<TokenCheck> result : results) {
                checks.add(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(checks).filteredOn(check -> check == TokenCheck.ACCEPTED).hasSize(5);
            assertThat(checks).filteredOn(check -> check == TokenCheck.USED_UP).hasSize(15);
            assertThat(store.tokens()).extracting(TokenInfo::usesLeft).containsExactly(0);
        } finally {
            pool.shutdownNow();
        }
    }
}
