package io.kubenode.common.pki;

import io.kubenode.common.net.IpAddress;
import io.kubenode.common.validation.Patterns;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The names a server certificate is valid for: an IP literal becomes an iPAddress entry, a DNS-1123 name a dNSName. */
public final class SubjectAltNames {
    private static final Pattern ALL_DIGITS_LAST_LABEL = Pattern.compile("(.*\\.)?[0-9]+");
    private SubjectAltNames() {
    }

    /** Why this text cannot be a subject alternative name; empty when it can. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("empty name; expected an IP address or a DNS name");
        }
        if (IpAddress.parse(name).isPresent()) {
            return Optional.empty();
        }
        // No top-level domain is all digits (RFC 3696 2): such a name is a mistyped address, not a host name.
        if (ALL_DIGITS_LAST_LABEL.matcher(name).matches()) {
            return Optional.of("'" + name + "' looks like an IP address but is not one");
        }
        if (Patterns.isDns1123Subdomain(name)) {
            return Optional.empty();
        }
        return Optional.of("'" + name + "' is neither an IP address nor a DNS-1123 name (lowercase letters, digits,"
                + " '-' and '.', at most " + Patterns.DNS_1123_MAX_LENGTH + " characters)");
    }

    static GeneralName toGeneralName(String name) {
        problem(name).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Optional<IpAddress> address = IpAddress.parse(name);
        // GeneralName's string constructor would parse the IP itself; our parser never asks DNS and is already strict.
        return address.isPresent()
                ? new GeneralName(GeneralName.iPAddress, new DEROctetString(address.get().bytes()))
                : new GeneralName(GeneralName.dNSName, name);
    }

    static GeneralNames toGeneralNames(List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("a server certificate needs at least one subject alternative name");
        }
        return new GeneralNames(names.stream().map(SubjectAltNames::toGeneralName).toArray(GeneralName[]::new));
    }
}
