package io.kubenode.controller.client;

/** A certificate the controller signed, as {@code GET /api/v1/certificates} lists it (serial in lowercase hex). */
public record CertificateView(String serial, String kind, String subject, String issuedAt, String notAfter,
                              boolean revoked) {
}
