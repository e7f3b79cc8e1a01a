package io.kubenode.common.validation;

import java.net.URI;
import java.net.URISyntaxException;
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
    /** A module name for modprobe: never starting with '-', which modprobe would take for an option ("-r"). */
    public static final Pattern KERNEL_MODULE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_-]{0,63}");
    /** rpm and deb package names: start with a letter or digit, then letters, digits, '.', '_', '+', '-'. */
    public static final Pattern PACKAGE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    /** A package version as dnf and apt take it: no glob, no space, no leading '-'. */
    public static final Pattern PACKAGE_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+~_:-]{0,127}");
    /** A dnf/yum repository id or apt origin, as --disableexcludes=ID takes it. */
    public static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,99}");
    /** A systemd unit name (with or without its type suffix): no '/', no '\\' escapes, no leading '-'. */
    public static final Pattern SERVICE_UNIT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9:_.@-]{0,254}");
    /** A name that becomes a file name under the agent's state dir (archives, probes). */
    public static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The kernel keeps at most 64 bytes of host name (__NEW_UTS_LEN). */
    public static final int HOSTNAME_MAX_LENGTH = 64;
    /** An absolute path of plain segments: no whitespace, control or shell characters, no '//', no trailing '/'. */
    private static final Pattern HOST_PATH = Pattern.compile("(/[A-Za-z0-9._+@,:=~-]+)+");
    public static final Pattern KUBERNETES_VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)");
    public static final Pattern RELEASE_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.-]+)?");
    public static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    /** A container image reference, as containerd's sandbox_image takes it. */
    public static final Pattern IMAGE_REFERENCE = Pattern.compile("[a-z0-9][a-z0-9._/:@-]{0,254}");

    /** A firewalld port or port range with its protocol: {@code 6443/tcp}, {@code 30000-32767/tcp}. */
    public static final Pattern FIREWALL_PORT = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?/(tcp|udp|sctp|dccp)");
    /** A firewalld zone name. */
    public static final Pattern FIREWALL_ZONE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_+-]{0,16}");
    /** An IP protocol by the name /etc/protocols and firewalld give it ({@code vrrp}). */
    public static final Pattern IP_PROTOCOL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    private Patterns() {
    }

    /** A port or range in firewalld's notation with ports 1..65535 and the range's low end not above its high. */
    public static boolean isFirewallPort(String value) {
        if (value == null) {
            return false;
        }
        java.util.regex.Matcher matcher = FIREWALL_PORT.matcher(value);
        if (!matcher.matches()) {
            return false;
        }
        int low = Integer.parseInt(matcher.group(1));
        int high = matcher.group(2) == null ? low : Integer.parseInt(matcher.group(2));
        return low >= 1 && high <= 65535 && low <= high
                && !matcher.group(1).startsWith("0") && (matcher.group(2) == null || !matcher.group(2).startsWith("0"));
    }

    /**
     * An https URL with a host and no user info (credentials never sit in a document or a catalog), without
     * control characters or spaces, which could split an argv or a header line.
     */
    public static boolean isHttpsUrl(String value) {
        if (value == null || value.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return "https".equals(uri.getScheme()) && uri.getHost() != null && uri.getUserInfo() == null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    public static boolean isDns1123Subdomain(String value) {
        return value != null && value.length() <= DNS_1123_MAX_LENGTH && DNS_1123_SUBDOMAIN.matcher(value).matches();
    }

    /** A node name that is also a valid host name: a DNS-1123 subdomain of at most 64 characters. */
    public static boolean isHostname(String value) {
        return isDns1123Subdomain(value) && value.length() <= HOSTNAME_MAX_LENGTH;
    }

    /** An absolute, normalized host path: no '.' or '..' segment, no '//', not '/' itself. */
    public static boolean isHostPath(String value) {
        if (value == null || value.length() > 4096 || !HOST_PATH.matcher(value).matches()) {
            return false;
        }
        for (String segment : value.substring(1).split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }

    public static boolean matches(Pattern pattern, String value) {
        return value != null && pattern.matcher(value).matches();
    }

    public static boolean isInterfaceName(String value) {
        return value != null && INTERFACE_NAME.matcher(value).matches() && !value.equals(".") && !value.equals("..");
    }
}
