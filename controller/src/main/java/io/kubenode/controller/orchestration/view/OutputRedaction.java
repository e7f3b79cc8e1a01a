package io.kubenode.controller.orchestration.view;

import java.util.regex.Pattern;

/**
 * Defence in depth for text that comes from a node (a failed step's output tail) or mentions one: bootstrap tokens
 * ({@code ID.SECRET}, kubeadm's shape; {@code kubeadm init} prints its join command with one) keep their public id
 * and lose their secret, and PEM private key blocks are dropped whole. The agent already keeps secrets out of its
 * reports; this makes sure no API answer or CLI output can carry one even if a tool prints it.
 */
public final class OutputRedaction {
    private static final Pattern TOKEN = Pattern.compile("\\b([a-z0-9]{6})\\.[a-z0-9]{16}\\b");
    private static final Pattern PRIVATE_KEY = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----.*?(-----END [A-Z0-9 ]*PRIVATE KEY-----|\\z)", Pattern.DOTALL);

    private OutputRedaction() {
    }

    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String withoutKeys = PRIVATE_KEY.matcher(text).replaceAll("(private key redacted)");
        return TOKEN.matcher(withoutKeys).replaceAll("$1.<redacted>");
    }
}
