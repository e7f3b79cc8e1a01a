package io.kubenode.controller.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * A bootstrap token in kubeadm's shape, {@code [a-z0-9]{6}.[a-z0-9]{16}}: a public id and a secret. Only
 * {@link #secretHash()} is stored. {@link #toString()} never shows the secret; {@link #value()} is for the one
 * place that must print it (token create).
 */
public record BootstrapToken(String id, String secret) {
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final Pattern ID = Pattern.compile("[a-z0-9]{6}");
    private static final Pattern SECRET = Pattern.compile("[a-z0-9]{16}");
    private static final Pattern TOKEN = Pattern.compile("([a-z0-9]{6})\\.([a-z0-9]{16})");

    public BootstrapToken {
        if (id == null || !ID.matcher(id).matches() || secret == null || !SECRET.matcher(secret).matches()) {
            throw new InvalidTokenException(InvalidTokenException.FORMAT);
        }
    }

    /** A fresh token; {@link SecureRandom#nextInt(int)} rejects out-of-range draws, so there is no modulo bias. */
    public static BootstrapToken generate(SecureRandom random) {
        return new BootstrapToken(draw(random, 6), draw(random, 16));
    }

    private static String draw(SecureRandom random, int length) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }

    /** Reads {@code id.secret}; the error never repeats the input, which may be a mistyped secret. */
    public static BootstrapToken parse(String text) {
        var match = text == null ? null : TOKEN.matcher(text.strip());
        if (match == null || !match.matches()) {
            throw new InvalidTokenException(InvalidTokenException.FORMAT);
        }
        return new BootstrapToken(match.group(1), match.group(2));
    }

    /** The token as a node presents it: {@code id.secret}. */
    public String value() {
        return id + "." + secret;
    }

    /** SHA-256 over {@code id.secret}: what the store keeps and compares. */
    public byte[] secretHash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "BootstrapToken[id=" + id + ", secret=<redacted>]";
    }
}
