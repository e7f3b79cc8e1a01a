package io.kubenode.controller.orchestration;

import java.util.regex.Pattern;

/**
 * A failed step's message as the record and the events keep it. kubeadm prints join commands with their token, so
 * anything shaped like a bootstrap token ({@code [a-z0-9]{6}.[a-z0-9]{16}}) loses its secret half before it is
 * stored; events carry only the first line (the exit code), the record the whole tail.
 */
final class FailureText {
    private static final Pattern TOKEN = Pattern.compile("\\b([a-z0-9]{6})\\.[a-z0-9]{16}\\b");

    private FailureText() {
    }

    static String redacted(String message) {
        if (message == null || message.isBlank()) {
            return "failed without a message";
        }
        return TOKEN.matcher(message).replaceAll("$1.<redacted>");
    }

    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
