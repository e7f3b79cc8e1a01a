package io.kubenode.common.pki;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPairsTest {

    @Test
    void makesEcdsaP256KeysThatDifferEachTime() {
        KeyPair first = KeyPairs.ecP256();
        KeyPair second = KeyPairs.ecP256();

        assertThat(first.getPublic()).isInstanceOf(ECPublicKey.class);
        assertThat(((ECPublicKey) first.getPublic()).getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(first.getPrivate().getAlgorithm()).isEqualTo("EC");
        assertThat(first.getPublic()).isNotEqualTo(second.getPublic());
    }
}
