package io.kubenode.agent.resource.step;

import java.util.regex.Pattern;

/**
 * Command output made fit for a report, a status or a log: bootstrap tokens ({@code abcdef.0123456789abcdef}) and
 * kubeadm certificate keys are replaced, whatever command printed them (kubeadm init prints its join command with
 * the token; token create prints the token). Only the public token id is kept.
 */
public final class CommandOutput {
    private static final Pattern BOOTSTRAP_TOKEN = Pattern.compile("\\b([a-z0-9]{6})\\.[a-z0-9]{16}\\b");
    private static final Pattern CERTIFICATE_KEY = Pattern.compile(
            "(?i)(certificate[- ]key[:=]?\\s*)[0-9a-f]{64}");
    public static final String REDACTED = "<redacted>";

    private CommandOutput() {
    }

    public static String redact(String text) {
        if (text == null) {
            return "";
        }
        String tokensHidden = BOOTSTRAP_TOKEN.matcher(text).replaceAll("$1." + REDACTED);
        return CERTIFICATE_KEY.matcher(tokensHidden).replaceAll("$1" + REDACTED);
    }
}
