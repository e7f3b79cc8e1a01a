package io.kubenode.controller.token;

import io.kubenode.controller.store.NewToken;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.store.StoreException;
import io.kubenode.controller.store.TokenCheck;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/** Creates bootstrap tokens into a {@link Store} and checks the ones nodes present. Blocking, like the store. */
public final class BootstrapTokens {
    /** 36^6 ids make a clash rare; a few fresh draws make it practically impossible. */
    private static final int ATTEMPTS = 5;

    private final Store store;
    private final SecureRandom random;
    private final Clock clock;

    public BootstrapTokens(Store store, SecureRandom random, Clock clock) {
        this.store = store;
        this.random = random;
        this.clock = clock;
    }

    public IssuedToken create(TokenRequest request, String createdBy) {
        var expiresAt = clock.instant().plus(request.ttl()).truncatedTo(ChronoUnit.MILLIS);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            BootstrapToken token = BootstrapToken.generate(random);
            if (store.addToken(new NewToken(token.id(), token.secretHash(), expiresAt, request.uses(),
                    request.nodeName(), createdBy))) {
                return new IssuedToken(token, expiresAt, request.uses(), request.nodeName());
            }
        }
        throw new StoreException("no free token id after " + ATTEMPTS + " attempts");
    }

    /** Takes one use of the token for {@code nodeName} if it is valid for that node now. */
    public TokenCheck consume(BootstrapToken token, String nodeName) {
        return consume(token, nodeName, null);
    }

    /**
     * As above; {@code protectedReason} not null means the name is protected (see
     * {@link Store#consumeToken(String, byte[], String, String)}): only a token bound to it may take it.
     */
    public TokenCheck consume(BootstrapToken token, String nodeName, String protectedReason) {
        return store.consumeToken(token.id(), token.secretHash(), nodeName, protectedReason);
    }

    /** Whether the token would be accepted for {@code nodeName} now, without taking a use. */
    public TokenCheck check(BootstrapToken token, String nodeName) {
        return store.checkToken(token.id(), token.secretHash(), nodeName);
    }
}
