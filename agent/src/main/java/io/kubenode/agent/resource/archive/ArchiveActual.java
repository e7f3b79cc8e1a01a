package io.kubenode.agent.resource.archive;

/**
 * What observe found: whether the {@code creates} path exists, what the install marker says was installed last
 * (sha256 and URL; null when there is no marker), and the installed file's mode for a single-file artifact.
 */
public record ArchiveActual(boolean createsExists, String installedSha256, String installedUrl, String fileMode) {

    public static ArchiveActual nothingInstalled() {
        return new ArchiveActual(false, null, null, null);
    }
}
