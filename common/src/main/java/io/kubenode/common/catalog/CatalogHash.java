package io.kubenode.common.catalog;

import io.kubenode.common.document.Documents;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 of a catalog spec's canonical JSON: equal content, equal hash. */
public final class CatalogHash {
    private CatalogHash() {
    }

    public static String of(NodeCatalog.Spec spec) {
        return ofCanonicalJson(Documents.canonicalJsonBytes(spec));
    }

    /** The hash of a spec already serialised with {@link Documents#canonicalJsonBytes}. */
    public static String ofCanonicalJson(byte[] specJson) {
        return ofCanonicalJson(specJson, 0, specJson.length);
    }

    /** The hash of {@code length} bytes of canonical JSON at {@code offset} of {@code array}. */
    public static String ofCanonicalJson(byte[] array, int offset, int length) {
        return "sha256:" + sha256Hex(array, offset, length);
    }

    public static String sha256Hex(byte[] bytes) {
        return sha256Hex(bytes, 0, bytes.length);
    }

    private static String sha256Hex(byte[] array, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(array, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
