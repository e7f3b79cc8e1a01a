package io.kubenode.agent.resource.pkg;

import java.util.List;

/** What the package database says about one package: its installed versions, none when it is not installed. */
public record PackageState(String name, List<String> versions) {

    public PackageState {
        versions = List.copyOf(versions);
    }

    public static PackageState missing(String name) {
        return new PackageState(name, List.of());
    }

    public boolean installed() {
        return !versions.isEmpty();
    }
}
