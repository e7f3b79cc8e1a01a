package io.kubenode.common.cluster;

/** The CNI plugin and its pinned manifest. */
public record NetworkSpec(String plugin, Manifest manifest) {

    public static final String FLANNEL = "flannel";
    public static final String FLANNEL_DEFAULT_NETWORK = "10.244.0.0/16";

    /**
     * {@code podSubnet} declares the pod network written in the manifest (flannel's net-conf.json "Network"),
     * for manifests adjusted away from flannel's default.
     */
    public record Manifest(String url, String sha256, Boolean insecureSkipVerify, String podSubnet, Long size)
            implements Artifact {
    }
}
