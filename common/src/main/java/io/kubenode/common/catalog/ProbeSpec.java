package io.kubenode.common.catalog;

/**
 * A read-only health check that reports a fact and never changes the host. {@code check}
 * {@code criSocket}: the CRI runtime answers on the unix socket {@code target};
 * {@code https}: {@code target} answers 200, its certificate verified against {@code caFile};
 * {@code haproxyServer}: the haproxy whose stats socket is {@code target} sees {@code server} ("BACKEND/SERVER") up,
 * its last health check passed.
 */
public record ProbeSpec(String name, String check, String target, String caFile, int timeoutSeconds, String server)
        implements ResourceSpec {

    public static final String TYPE = "probe";
    public static final String CRI_SOCKET = "criSocket";
    public static final String HTTPS = "https";
    public static final String HAPROXY_SERVER = "haproxyServer";

    /** A criSocket or https probe (they name no server). */
    public ProbeSpec(String name, String check, String target, String caFile, int timeoutSeconds) {
        this(name, check, target, caFile, timeoutSeconds, null);
    }

    /** Whether haproxy, through its stats socket {@code socket}, sees {@code backend/server} up. */
    public static ProbeSpec haproxyServer(String name, String socket, String backend, String server,
                                          int timeoutSeconds) {
        return new ProbeSpec(name, HAPROXY_SERVER, socket, null, timeoutSeconds, backend + "/" + server);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
