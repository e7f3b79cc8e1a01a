package io.kubenode.common.pki;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Map;
import java.util.Optional;

/**
 * New key pairs: ECDSA P-256 for every kubenode key (CA, server, admin, nodes), RSA 2048 for the Kubernetes PKI
 * (kubeadm's default encryptionAlgorithm); and whether two keys pair.
 */
public final class KeyPairs {
    /** The key types whose pairing {@link #matches} can prove, and the signature it proves it with. */
    private static final Map<String, String> PROOF_SIGNATURES = Map.of("EC", "SHA256withECDSA", "RSA", "SHA256withRSA");
    private static final byte[] CHALLENGE = "kubenode key check".getBytes(StandardCharsets.US_ASCII);
    private KeyPairs() {
    }

    public static KeyPair ecP256() {
        return ecP256(new SecureRandom());
    }

    public static KeyPair ecP256(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("this JVM cannot make ECDSA P-256 keys: " + e.getMessage(), e);
        }
    }

    /** RSA 2048 (public exponent 65537), what kubeadm makes its CAs and service-account key with by default. */
    public static KeyPair rsa2048() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(new RSAKeyGenParameterSpec(2048, RSAKeyGenParameterSpec.F4), new SecureRandom());
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PkiException("this JVM cannot make RSA 2048 keys: " + e.getMessage(), e);
        }
    }

    /** True when {@link #matches} can tell for a key of this type (EC or RSA). */
    public static boolean canProveMatch(PrivateKey key) {
        return PROOF_SIGNATURES.containsKey(key.getAlgorithm());
    }

    /**
     * The public key is this private key's: a signature by the private key verifies with it, the only portable test.
     * False for a mismatch, for keys of different types, and for a type {@link #canProveMatch} refuses.
     */
    public static boolean matches(PrivateKey key, PublicKey publicKey) {
        Optional<String> algorithm = Optional.ofNullable(PROOF_SIGNATURES.get(key.getAlgorithm()));
        if (algorithm.isEmpty()) {
            return false;
        }
        try {
            Signature signer = Signature.getInstance(algorithm.get());
            signer.initSign(key);
            signer.update(CHALLENGE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm.get());
            verifier.initVerify(publicKey);
            verifier.update(CHALLENGE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
