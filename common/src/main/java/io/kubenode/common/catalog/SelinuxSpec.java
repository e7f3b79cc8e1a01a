package io.kubenode.common.catalog;

/** SELinux mode at runtime (setenforce) and in /etc/selinux/config. */
public record SelinuxSpec(String mode) implements ResourceSpec {

    public static final String TYPE = "selinux";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return "system";
    }
}
