package io.kubenode.common.catalog;

/**
 * A package installed through the node's package manager. {@code version} unset: any version;
 * set: exactly that upstream version. {@code repository}: the repository whose {@code exclude=} list holds
 * this package back, bypassed for this install only (dnf {@code --disableexcludes}).
 */
public record PackageSpec(String name, String version, String repository) implements ResourceSpec {

    public static final String TYPE = "package";

    public static PackageSpec any(String name) {
        return new PackageSpec(name, null, null);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
