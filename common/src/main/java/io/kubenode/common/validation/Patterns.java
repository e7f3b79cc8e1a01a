package io.kubenode.common.validation;

import java.util.regex.Pattern;

/**
 * Strict shapes for values that end up in file names, config files and argv: no spaces, no shell
 * metacharacters, nothing that could start an option or climb a path.
 */
public final class Patterns {
    /** RFC 1123 subdomain, as Kubernetes names nodes: lowercase labels joined by dots. */
    public static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    public static final int DNS_1123_MAX_LENGTH = 253;
    /** A Linux interface name: at most 15 bytes (IFNAMSIZ - 1), no '/', no spaces. */
    public static final Pattern INTERFACE_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}");
    /** dotted sysctl key; '/' stands for '.' inside an interface name; segments never '..'. */
    public static final Pattern SYSCTL_KEY = Pattern.compile("[a-z][a-z0-9_]*(\\.[A-Za-z0-9_][A-Za-z0-9_/-]*)+");
    public static final Pattern SYSCTL_VALUE = Pattern.compile("[A-Za-z0-9_.:,/ -]{1,256}");
    public static final Pattern KERNEL_MODULE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** rpm and deb package names: start with a letter or digit, then letters, digits, '.', '_', '+', '-'. */
    public static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    public static final Pattern KUBERNETES_VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    public static final Pattern RELEASE_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");
    public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** A container image reference, as containerd's sandbox_image takes it. */
    public static final Pattern IMAGE_REFERENCE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

    private Patterns() {
    }

    public static boolean isDns1123Subdomain(String value) {
        return value != null && value.length() <= DNS_1123_MAX_LENGTH && DNS_1123_SUBDOMAIN.matcher(value).matches();
    }

    public static boolean isInterfaceName(String value) {
        return value != null && INTERFACE_NAME.matcher(value).matches() && !value.equals(".") && !value.equals("..");
    }
}
