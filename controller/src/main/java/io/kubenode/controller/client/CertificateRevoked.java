package io.kubenode.controller.client;

/** The answer of {@code POST /api/v1/certificates/{serial}/revoke}: the certificate, and whether it was revoked already. */
public record CertificateRevoked(String serial, String kind, String subject, String issuedAt, String notAfter,
                                 boolean revoked, boolean alreadyRevoked) {
}
