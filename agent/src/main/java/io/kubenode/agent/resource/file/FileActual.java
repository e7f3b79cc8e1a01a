package io.kubenode.agent.resource.file;

import io.kubenode.agent.host.FileStat;

/**
 * What a managed file looks like now: its stat and content, or nothing when it does not exist.
 *
 * @param stat    mode, owner, group and size; null when the file does not exist
 * @param content the bytes in the file; null when it does not exist
 */
public record FileActual(FileStat stat, byte[] content) {

    public static FileActual missing() {
        return new FileActual(null, null);
    }

    public boolean exists() {
        return stat != null;
    }
}
