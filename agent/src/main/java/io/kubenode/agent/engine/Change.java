package io.kubenode.agent.engine;

import java.util.Locale;

/**
 * One exact change to the host, rendered for people: {@code ~ sysctl:net.ipv4.ip_forward 0 -> 1},
 * {@code + file:/etc/haproxy/haproxy.cfg (1.2 KiB)}.
 */
public record Change(Kind kind, String resourceId, String detail) {

    public enum Kind {
        CREATE("+"), UPDATE("~"), DELETE("-");

        private final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    public static Change create(String resourceId, String detail) {
        return new Change(Kind.CREATE, resourceId, detail);
    }

    public static Change update(String resourceId, String detail) {
        return new Change(Kind.UPDATE, resourceId, detail);
    }

    public static Change delete(String resourceId, String detail) {
        return new Change(Kind.DELETE, resourceId, detail);
    }

    public String render() {
        return kind.symbol() + " " + resourceId + (detail == null || detail.isEmpty() ? "" : " " + detail);
    }

    /** Sizes as people read them: 900 B, 1.2 KiB, 3.4 MiB. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KiB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }
}
