package io.kubenode.agent.host;

import java.time.Instant;

/**
 * What the host says about a path: type, octal mode ("0644"), owner and group names, size in bytes, a change
 * stamp (inode, modification time and size) that differs whenever the file may have been rewritten or replaced, and
 * the modification time (null when unknown).
 */
public record FileStat(boolean directory, String mode, String owner, String group, long size, String changeStamp,
                       Instant modified) {

    public FileStat(boolean directory, String mode, String owner, String group, long size) {
        this(directory, mode, owner, group, size, "", null);
    }

    public FileStat(boolean directory, String mode, String owner, String group, long size, String changeStamp) {
        this(directory, mode, owner, group, size, changeStamp, null);
    }
}
