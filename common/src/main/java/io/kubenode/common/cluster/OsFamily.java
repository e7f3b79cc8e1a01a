package io.kubenode.common.cluster;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The package-manager family of a node: RHEL (dnf/yum, the default) or Debian (apt). */
public enum OsFamily {
    RHEL, DEBIAN;

    public static final OsFamily DEFAULT = RHEL;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OsFamily parse(String text) {
        for (OsFamily family : values()) {
            if (family.wireName().equals(text)) {
                return family;
            }
        }
        throw new IllegalArgumentException("expected one of " + Arrays.stream(values())
                .map(OsFamily::wireName).collect(Collectors.joining(", ")) + ", got '" + text + "'");
    }
}
