package io.kubenode.common.catalog;

/** Swap off now (every active swap) and across reboots (fstab lines disabled, systemd swap units masked). */
public record SwapSpec(boolean enabled) implements ResourceSpec {

    public static final String TYPE = "swap";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return "system";
    }
}
