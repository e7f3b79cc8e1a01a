package io.kubenode.common.catalog;

/** A kernel module loaded now; loading at boot is a separate modules-load.d file resource. */
public record KernelModuleSpec(String name) implements ResourceSpec {

    public static final String TYPE = "kernelModule";

    @Override
    public String type() {
        return TYPE;
    }
}
