package io.kubenode.common.catalog;

/**
 * A read-only health check that reports a fact and never changes the host. {@code check}
 * {@code criSocket}: the CRI runtime answers on the unix socket {@code target};
 * {@code https}: {@code target} answers 200, its certificate verified against {@code caFile}.
 */
public record ProbeSpec(String name, String check, String target, String caFile, int timeoutSeconds) implements ResourceSpec {

    public static final String TYPE = "probe";
    public static final String CRI_SOCKET = "criSocket";
    public static final String HTTPS = "https";

    @Override
    public String type() {
        return TYPE;
    }
}
