package io.kubenode.common.cluster;

/**
 * The Kubernetes package repository. {@code baseUrl}/{@code gpgKey} serve RHEL-family nodes (dnf checks the
 * key itself); {@code apt} serves Debian-family nodes, whose key is downloaded by the agent and so is pinned
 * by sha256.
 */
public record PackageRepository(String baseUrl, String gpgKey, AptRepository apt) {

    public record AptRepository(String baseUrl, String gpgKey, String gpgKeySha256) {
    }
}
