package io.kubenode.common.catalog;

/** The runtime value of a kernel parameter (/proc/sys); persistence is a separate file resource. */
public record SysctlSpec(String key, String value) implements ResourceSpec {

    public static final String TYPE = "sysctl";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return key;
    }
}
