package io.kubenode.agent.state;

import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
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
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    /** What sealing adds to a catalog's size: magic, IV and GCM tag. */
    static final int OVERHEAD = MAGIC.length + IV_BYTES + TAG_BITS / 8;

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
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] sealed;
        try {
            sealed = cipher(Cipher.ENCRYPT_MODE, keyOrNew(), iv).doFinal(plain);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has AES-GCM", e);
        }
        byte[] out = new byte[MAGIC.length + IV_BYTES + sealed.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        System.arraycopy(iv, 0, out, MAGIC.length, IV_BYTES);
        System.arraycopy(sealed, 0, out, MAGIC.length + IV_BYTES, sealed.length);
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
        byte[] iv = Arrays.copyOfRange(sealed, MAGIC.length, MAGIC.length + IV_BYTES);
        try {
            return cipher(Cipher.DECRYPT_MODE, key.get(), iv).doFinal(sealed, MAGIC.length + IV_BYTES,
                    sealed.length - MAGIC.length - IV_BYTES);
        } catch (AEADBadTagException e) {
            throw new HostException(catalogPath + " does not open with " + keyPath() + " (edited, torn or sealed "
                    + "under another key)");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has AES-GCM", e);
        }
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

    private static Cipher cipher(int mode, byte[] key, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(MAGIC);
        return cipher;
    }
}
