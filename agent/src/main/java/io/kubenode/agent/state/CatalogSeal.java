package io.kubenode.agent.state;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import io.kubenode.common.pki.Aead;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Seals the cached catalog when it holds secret files: AES-256-GCM under a key in the state dir's pki/ (0600, in
 * the 0700 directory with the node key), so the rest of the state dir holds no secret in clear. It is not a
 * defence against root: whoever can read pki/ holds the node key too, and with it can fetch the catalog from the
 * controller; it keeps a copied or attached catalog.json, or a backup of the state dir without pki/, useless.
 */
final class CatalogSeal {
    static final byte[] MAGIC = "kubenode-sealed-catalog-v1\n".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    /** What sealing adds to a catalog's size: magic, nonce and GCM tag. */
    static final int OVERHEAD = MAGIC.length + Aead.OVERHEAD;

    private final Host host;
    private final String pkiDir;
    private final SecureRandom random = new SecureRandom();

    CatalogSeal(Host host, String pkiDir) {
        this.host = host;
        this.pkiDir = pkiDir;
    }

    String keyPath() {
        return pkiDir + "/catalog.key";
    }

    static boolean isSealed(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    byte[] seal(byte[] plain) throws HostException {
        byte[] body = Aead.seal(aesKey(keyOrNew()), MAGIC, plain);
        byte[] out = Arrays.copyOf(MAGIC, MAGIC.length + body.length);
        System.arraycopy(body, 0, out, MAGIC.length, body.length);
        return out;
    }

    /** The catalog's bytes; a missing key or a sealed file that does not open is an error naming both files. */
    byte[] open(byte[] sealed, String catalogPath) throws HostException {
        Optional<byte[]> key = host.read(keyPath(), KEY_BYTES);
        if (key.isEmpty() || key.get().length != KEY_BYTES) {
            throw new HostException(catalogPath + " is sealed but " + keyPath() + " is missing or not a key");
        }
        if (sealed.length < OVERHEAD) {
            throw new HostException(catalogPath + " is sealed but truncated");
        }
        Optional<byte[]> plain = Aead.open(aesKey(key.get()), MAGIC, sealed, MAGIC.length,
                sealed.length - MAGIC.length);
        if (plain.isEmpty()) {
            throw new HostException(catalogPath + " does not open with " + keyPath() + " (edited, torn or sealed "
                    + "under another key)");
        }
        return plain.get();
    }

    private byte[] keyOrNew() throws HostException {
        Optional<byte[]> existing = host.read(keyPath(), KEY_BYTES);
        if (existing.isPresent() && existing.get().length == KEY_BYTES) {
            return existing.get();
        }
        byte[] key = new byte[KEY_BYTES];
        random.nextBytes(key);
        host.createDirectories(pkiDir);
        host.setAttributes(pkiDir, FileAttributes.mode("0700"));
        host.writeAtomically(keyPath(), key, FileAttributes.mode("0600"));
        return key;
    }

    private static SecretKey aesKey(byte[] key) {
        return new SecretKeySpec(key, "AES");
    }
}
