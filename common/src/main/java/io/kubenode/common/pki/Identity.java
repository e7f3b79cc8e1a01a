package io.kubenode.common.pki;

import io.kubenode.common.validation.Patterns;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Who a verified peer certificate speaks for: its role from the one O, its name from the CN. Anything off the
 * kubenode subject shape is {@link Role#NONE}, which every route denies.
 */
public record Identity(Role role, String name) {

    public enum Role { NODE, ADMIN, MONITORING, NONE }

    /** For a certificate whose chain the TLS layer has already verified against the kubenode CA. */
    public static Identity of(X509Certificate peer) {
        Optional<SubjectName> subject = SubjectName.of(peer.getSubjectX500Principal());
        if (subject.isEmpty()) {
            return new Identity(Role.NONE, "");
        }
        String name = subject.get().commonName();
        String group = subject.get().organization();
        // A node name ends up in paths and URLs; the CA signs only DNS-1123 names, check again all the same.
        if (group.equals(SubjectName.NODES) && Patterns.isDns1123Subdomain(name)) {
            return new Identity(Role.NODE, name);
        }
        if (group.equals(SubjectName.ADMINS)) {
            return new Identity(Role.ADMIN, name);
        }
        if (group.equals(SubjectName.MONITORING)) {
            return new Identity(Role.MONITORING, name);
        }
        return new Identity(Role.NONE, name);
    }
}
