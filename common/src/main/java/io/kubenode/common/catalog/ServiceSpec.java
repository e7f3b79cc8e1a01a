package io.kubenode.common.catalog;

/** A systemd unit. {@code enabled} and {@code state} (running|stopped) are each unmanaged when unset. */
public record ServiceSpec(String name, Boolean enabled, String state) implements ResourceSpec {

    public static final String TYPE = "service";
    public static final String RUNNING = "running";
    public static final String STOPPED = "stopped";

    @Override
    public String type() {
        return TYPE;
    }
}
