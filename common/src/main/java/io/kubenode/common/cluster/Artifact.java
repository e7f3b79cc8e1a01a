package io.kubenode.common.cluster;

/** A download: https URL pinned by sha256, unless explicitly (and loudly) {@code insecureSkipVerify}. */
public interface Artifact {
    String url();

    String sha256();

    Boolean insecureSkipVerify();

    default boolean skipsVerification() {
        return Boolean.TRUE.equals(insecureSkipVerify());
    }
}
