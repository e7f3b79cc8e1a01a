package io.kubenode.agent.resource.archive;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** sha256 as lower-case hex, of a stream or a string, and its short form for people ({@code b068b05d…}). */
final class Sha256 {
    private Sha256() {
    }

    static String of(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String of(String text) {
        return HexFormat.of().formatHex(newDigest().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String normalized(String hex) {
        return hex == null ? null : hex.strip().toLowerCase(Locale.ROOT);
    }

    static String shortForm(String hex) {
        return hex.length() <= 8 ? hex : hex.substring(0, 8) + "…";
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
