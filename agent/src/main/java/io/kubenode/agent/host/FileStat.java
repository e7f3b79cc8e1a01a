package io.kubenode.agent.host;

/**
 * What the host says about a path: type, octal mode ("0644"), owner and group names, size in bytes, and a change
 * stamp (inode, modification time and size) that differs whenever the file may have been rewritten or replaced.
 */
public record FileStat(boolean directory, String mode, String owner, String group, long size, String changeStamp) {

    public FileStat(boolean directory, String mode, String owner, String group, long size) {
        this(directory, mode, owner, group, size, "");
    }
}
