package io.kubenode.controller.store;

/** The outcome of revoking one certificate by serial: the certificate as it is now, and whether this call revoked it. */
public record SerialRevocation(IssuedCertificate certificate, boolean newlyRevoked) {
}
