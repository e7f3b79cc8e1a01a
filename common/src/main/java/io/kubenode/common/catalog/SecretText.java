package io.kubenode.common.catalog;

/**
 * The one way a secret's content is shown anywhere (plans, reports, logs, {@code kubenodectl} output): its size
 * and sha256, enough to tell two versions apart and to check a file with {@code sha256sum}, never the bytes.
 */
public final class SecretText {
    private SecretText() {
    }

    /** {@code (secret, 1675 bytes, sha256:<64 hex>)}. */
    public static String describe(byte[] content) {
        return "(secret, " + content.length + " bytes, sha256:" + CatalogHash.sha256Hex(content) + ")";
    }

    /** True when an octal mode allows no more than {@code 0600}: {@code 0600}, {@code 0400}, {@code 0200}, {@code 0}. */
    public static boolean withinSecretMode(String octalMode) {
        try {
            return (Integer.parseInt(octalMode, 8) & ~0600) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
