package io.kubenode.common.catalog;

/**
 * A kubeadm bootstrap token on the cluster, created through this (joined control-plane) node. {@code name} is the
 * token's public id (6 characters); the secret part is only in {@code configFile}, a secret {@code file} resource
 * holding an InitConfiguration whose {@code bootstrapTokens[0]} is the token with its ttl, so the token never
 * appears in an argv or a catalog field. {@code state} {@code present}: in sync when {@code kubeadm token list}
 * shows the id expiring at or after {@code validUntil} (ISO-8601 instant); otherwise it is deleted and created again
 * from {@code configFile}. {@code absent}: in sync when the id is not listed. {@code kubeconfig}: the admin
 * kubeconfig kubeadm uses.
 */
public record KubeadmTokenSpec(
        String name,
        String state,
        String configFile,
        String validUntil,
        String kubeconfig) implements ResourceSpec {

    public static final String TYPE = "kubeadmToken";
    public static final String PRESENT = "present";
    public static final String ABSENT = "absent";

    @Override
    public String type() {
        return TYPE;
    }
}
