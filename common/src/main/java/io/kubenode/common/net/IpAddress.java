package io.kubenode.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/** An IPv4 or IPv6 address literal, parsed without ever asking DNS. */
public record IpAddress(byte[] bytes) {
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** InetAddress takes a text starting with a hex digit or ':' as a literal; anything else it would resolve. */
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*");

    public IpAddress {
        bytes = bytes.clone();
    }

    /** A copy: callers (Cidr's masking) may change it without changing this address. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public static Optional<IpAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (IPV4.matcher(text).matches()) {
            String[] parts = text.split("\\.");
            byte[] bytes = new byte[4];
            for (int i = 0; i < 4; i++) {
                bytes[i] = (byte) Integer.parseInt(parts[i]);
            }
            return Optional.of(new IpAddress(bytes));
        }
        // Starting with a hex digit or ':' and containing ':', InetAddress treats it as an IPv6 literal: no lookup.
        if (text.contains(":") && IPV6_CHARS.matcher(text).matches()) {
            try {
                return Optional.of(new IpAddress(InetAddress.getByName(text).getAddress()));
            } catch (UnknownHostException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    public boolean isIpv4() {
        return bytes.length == 4;
    }

    /** 127.0.0.0/8 or ::1: this host only. */
    public boolean isLoopback() {
        if (isIpv4()) {
            return bytes[0] == 127;
        }
        for (int i = 0; i < 15; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[15] == 1;
    }

    /** 169.254.0.0/16 or fe80::/10: this link only, not an address other hosts route to. */
    public boolean isLinkLocal() {
        return isIpv4() ? (bytes[0] & 0xff) == 169 && (bytes[1] & 0xff) == 254
                : (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0x80;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IpAddress address && Arrays.equals(bytes, address.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(bytes).getHostAddress();
        } catch (UnknownHostException e) {
            return HexFormat.of().formatHex(bytes);
        }
    }
}
