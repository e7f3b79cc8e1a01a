package io.kubenode.controller.orchestration.view;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Token secrets and private keys in node output never reach an answer; everything else stays as it was. */
class OutputRedactionTest {

    @Test
    void aTokenKeepsItsIdAndLosesItsSecret() {
        assertThat(OutputRedaction.redact("kubeadm join k8s-cp.internal:8888 --token abcdef.0123456789abcdef "
                + "--discovery-token-ca-cert-hash sha256:1234"))
                .isEqualTo("kubeadm join k8s-cp.internal:8888 --token abcdef.<redacted> "
                        + "--discovery-token-ca-cert-hash sha256:1234");
    }

    @Test
    void privateKeysAreDroppedWholeEvenWhenTheTailCutsThemOff() {
        assertThat(OutputRedaction.redact("a\n-----BEGIN RSA PRIVATE KEY-----\nMIIE\nAAAA\n"
                + "-----END RSA PRIVATE KEY-----\nb")).isEqualTo("a\n(private key redacted)\nb");
        assertThat(OutputRedaction.redact("a\n-----BEGIN PRIVATE KEY-----\nMIIE")).isEqualTo("a\n(private key redacted)");
    }

    @Test
    void ordinaryOutputIsUnchanged() {
        String text = "[ERROR Swap]: swap is supported for cgroup v2 only; node1.internal 192.168.0.61 "
                + "sha256:0123456789abcdef0123456789abcdef -----BEGIN CERTIFICATE-----";
        assertThat(OutputRedaction.redact(text)).isEqualTo(text);
        assertThat(OutputRedaction.redact(null)).isNull();
    }
}
