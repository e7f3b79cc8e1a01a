package io.kubenode.common.catalog;

/** The host name, at runtime and in /etc/hostname. */
public record HostnameSpec(String hostname) implements ResourceSpec {

    public static final String TYPE = "hostname";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return "system";
    }
}
