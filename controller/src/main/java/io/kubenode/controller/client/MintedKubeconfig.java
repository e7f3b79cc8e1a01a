package io.kubenode.controller.client;

/**
 * {@code POST /api/v1/kubeconfig}'s answer: the kubeconfig without a private key (kubenodectl adds the one it made),
 * the certificate's subject, serial (hex), notAfter, and the context and server in the kubeconfig.
 */
public record MintedKubeconfig(String kubeconfig, String subject, String serial, String notAfter, String context,
                               String server) {
}
