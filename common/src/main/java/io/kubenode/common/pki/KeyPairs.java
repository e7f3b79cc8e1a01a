package io.kubenode.common.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** New key pairs: ECDSA P-256 for every kubenode key (CA, server, admin, nodes). */
public final class KeyPairs {
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
}
