package io.kubenode.common.cluster;

/**
 * A download: https URL pinned by sha256, unless explicitly (and loudly) {@code insecureSkipVerify}; optionally its
 * {@code size} in bytes, which the agent enforces while downloading (without it, the agent's 512 MiB ceiling).
 */
public interface Artifact {
    String url();

    String sha256();

    /** The download's exact size in bytes; null when not declared. */
    Long size();

    Boolean insecureSkipVerify();

    default boolean skipsVerification() {
        return Boolean.TRUE.equals(insecureSkipVerify());
    }
}
