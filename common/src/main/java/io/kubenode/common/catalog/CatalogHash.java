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
        return "sha256:" + sha256Hex(specJson);
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
