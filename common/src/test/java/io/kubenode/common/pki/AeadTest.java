package io.kubenode.common.pki;

import org.junit.jupiter.api.Test;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;

class AeadTest {
    private static final byte[] AAD = "what-it-is".getBytes(StandardCharsets.UTF_8);
    private final SecretKey key = randomKey();
    private final byte[] plaintext = "a key worth keeping".getBytes(StandardCharsets.UTF_8);

    @Test
    void sealedBytesOpenToThePlaintextAtAnyOffsetAndNeverRepeat() {
        byte[] sealed = Aead.seal(key, AAD, plaintext);
        byte[] framed = new byte[3 + sealed.length];
        System.arraycopy(sealed, 0, framed, 3, sealed.length);

        assertThat(sealed).hasSize(plaintext.length + Aead.OVERHEAD);
        assertThat(Aead.open(key, AAD, framed, 3, sealed.length)).hasValue(plaintext);
        assertThat(Aead.seal(key, AAD, plaintext)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void alteredTruncatedForeignKeyOrOtherAssociatedDataDoNotOpen() {
        byte[] sealed = Aead.seal(key, AAD, plaintext);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            assertThat(Aead.open(key, AAD, altered, 0, altered.length)).as("byte %d flipped", i).isEmpty();
        }
        assertThat(Aead.open(key, AAD, sealed, 0, sealed.length - 1)).isEmpty();
        assertThat(Aead.open(key, AAD, sealed, 0, Aead.OVERHEAD - 1)).isEmpty();
        assertThat(Aead.open(randomKey(), AAD, sealed, 0, sealed.length)).isEmpty();
        assertThat(Aead.open(key, "something-else".getBytes(StandardCharsets.UTF_8), sealed, 0, sealed.length))
                .isEmpty();
    }

    private static SecretKey randomKey() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new SecretKeySpec(bytes, "AES");
    }
}
