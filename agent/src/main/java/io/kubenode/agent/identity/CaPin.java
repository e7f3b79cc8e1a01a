package io.kubenode.agent.identity;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A CA pin as {@code kubenode-controller init} prints it: "sha256:" and 64 hex digits of the CA's public key. */
public final class CaPin {
    private static final Pattern SHAPE = Pattern.compile("sha256:[0-9a-f]{64}");

    private CaPin() {
    }

    /** The pin in canonical (lower-case) form. */
    public static String parse(String text) {
        String pin = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (!SHAPE.matcher(pin).matches()) {
            throw new IllegalArgumentException("expected a CA pin sha256:<64 hex digits> (kubenode-controller init "
                    + "prints it), got '" + text + "'");
        }
        return pin;
    }

    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }
}
