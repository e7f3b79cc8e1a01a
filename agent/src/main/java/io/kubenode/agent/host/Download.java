package io.kubenode.agent.host;

/**
 * A completed download: the host path it now lives at, its size, how many attempts it took and whether an earlier
 * partial file was resumed with an HTTP Range request. The bytes are not verified here; the caller checks sha256.
 */
public record Download(String hostPath, long bytes, int attempts, boolean resumed) {
}
