package io.kubenode.controller.clusterpki;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {
    private static final byte[] PLAINTEXT = "-----BEGIN RSA PRIVATE KEY-----\nsecret\n".getBytes(StandardCharsets.US_ASCII);
    private final SecretSealer sealer = new SecretSealer(randomKek());

    @Test
    void unsealGivesBackExactlyWhatWasSealedAndTheSealHoldsNoPlaintext() {
        byte[] sealed = sealer.seal("cluster-pki/ca.key", PLAINTEXT);

        assertThat(sealer.unseal("cluster-pki/ca.key", sealed)).isEqualTo(PLAINTEXT);
        assertThat(sealed).hasSize(1 + 12 + PLAINTEXT.length + 16);
        assertThat(sealed[0]).isEqualTo(SecretSealer.VERSION);
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE", "secret");
    }

    @Test
    void everySealHasItsOwnNonce() {
        byte[] first = sealer.seal("a", PLAINTEXT);
        byte[] second = sealer.seal("a", PLAINTEXT);

        assertThat(first).isNotEqualTo(second);
        assertThat(java.util.Arrays.copyOfRange(first, 1, 13)).isNotEqualTo(java.util.Arrays.copyOfRange(second, 1, 13));
    }

    @Test
    void anyAlteredByteIsDetectedAndTheErrorNamesTheSecret() {
        byte[] sealed = sealer.seal("cluster-pki/sa.key", PLAINTEXT);
        for (int i = 0; i < sealed.length; i++) {
            byte[] altered = sealed.clone();
            altered[i] ^= 0x01;
            int position = i;
            assertThatThrownBy(() -> sealer.unseal("cluster-pki/sa.key", altered)).as("byte " + position)
                    .isInstanceOf(SecretUnsealException.class).hasMessageContaining("secret cluster-pki/sa.key")
                    .satisfies(e -> assertThat(((SecretUnsealException) e).secretName()).isEqualTo("cluster-pki/sa.key"));
        }
    }

    @Test
    void bytesMovedToAnotherNameDoNotOpen() {
        byte[] sealed = sealer.seal("cluster-pki/ca.key", PLAINTEXT);

        assertThatThrownBy(() -> sealer.unseal("cluster-pki/etcd/ca.key", sealed))
                .isInstanceOf(SecretUnsealException.class)
                .hasMessageContaining("secret cluster-pki/etcd/ca.key does not open")
                .hasMessageContaining("moved from another secret");
    }

    @Test
    void anotherKekDoesNotOpenIt() {
        byte[] sealed = sealer.seal("cluster-pki/ca.key", PLAINTEXT);

        assertThatThrownBy(() -> new SecretSealer(randomKek()).unseal("cluster-pki/ca.key", sealed))
                .isInstanceOf(SecretUnsealException.class)
                .hasMessageContaining("secret cluster-pki/ca.key does not open with this key-encryption key");
    }

    @Test
    void truncatedOrUnknownFormatIsRefusedByName() {
        byte[] sealed = sealer.seal("x", PLAINTEXT);
        byte[] future = sealed.clone();
        future[0] = 2;

        assertThatThrownBy(() -> sealer.unseal("x", java.util.Arrays.copyOf(sealed, 20)))
                .isInstanceOf(SecretUnsealException.class).hasMessage("secret x is truncated (20 bytes): the store was altered");
        assertThatThrownBy(() -> sealer.unseal("x", future))
                .isInstanceOf(SecretUnsealException.class).hasMessage("secret x has seal format 2, this controller knows 1");
    }

    @Test
    void theKekNeverShowsInToString() {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) 'k');
        assertThat(KeyEncryptionKey.of(bytes).toString()).isEqualTo("KeyEncryptionKey(redacted)");
    }

    static KeyEncryptionKey randomKek() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return KeyEncryptionKey.of(bytes);
    }
}
