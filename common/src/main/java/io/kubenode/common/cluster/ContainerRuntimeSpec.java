package io.kubenode.common.cluster;

public record ContainerRuntimeSpec(Containerd containerd, Release runc, Release cniPlugins) {

    public static final String DEFAULT_SANDBOX_IMAGE = "registry.k8s.io/pause:3.10";

    /** containerd release tarball; {@code systemdCgroup} also sets the kubelet's cgroupDriver (one source). */
    public record Containerd(
            String version,
            String url,
            String sha256,
            Boolean insecureSkipVerify,
            Boolean systemdCgroup,
            String sandboxImage,
            Long size) implements Artifact {

        public boolean usesSystemdCgroup() {
            return systemdCgroup == null || systemdCgroup;
        }

        public String sandboxImageOrDefault() {
            return sandboxImage == null ? DEFAULT_SANDBOX_IMAGE : sandboxImage;
        }
    }

    /** A versioned release artifact (runc binary, CNI plugins tarball). */
    public record Release(String version, String url, String sha256, Boolean insecureSkipVerify, Long size)
            implements Artifact {
    }
}
