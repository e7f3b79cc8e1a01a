package io.kubenode.controller.node;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Certificate serials as people type them: hex as the API shows it, or as {@code openssl x509 -serial} prints it
 * (upper case, optional {@code serial=}), with or without colons. X.509 serials are at most 20 octets.
 */
public final class CertificateSerials {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,40}");

    private CertificateSerials() {
    }

    public static Optional<BigInteger> parse(String text) {
        String bare = text.strip().toLowerCase(Locale.ROOT).replace(":", "");
        if (bare.startsWith("serial=")) {
            bare = bare.substring("serial=".length());
        } else if (bare.startsWith("0x")) {
            bare = bare.substring(2);
        }
        return HEX.matcher(bare).matches() ? Optional.of(new BigInteger(bare, 16)) : Optional.empty();
    }

    /** The form the API and the store use: lowercase hex without leading zeros. */
    public static String hex(BigInteger serial) {
        return serial.toString(16);
    }

    public static String problem(String text) {
        return "'" + text + "' is not a certificate serial: expected up to 40 hex digits (colons allowed), e.g. "
                + "as 'kubenodectl certificate list' shows it";
    }
}
