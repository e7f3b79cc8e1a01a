package io.kubenode.agent.resource.archive;

/**
 * One member of a tar archive. {@code type} is the tar type flag: {@code '0'} file, {@code '5'} directory,
 * {@code '2'} symbolic link, {@code '1'} hard link (to an earlier member), anything else a special file.
 */
record TarEntry(String name, char type, int mode, long size, String linkName) {

    static final char FILE = '0';
    static final char HARD_LINK = '1';
    static final char SYMLINK = '2';
    static final char DIRECTORY = '5';

    boolean isFile() {
        return type == FILE;
    }

    /** Permission bits only: set-id and sticky bits from an archive are not carried onto the host. */
    String permissions() {
        return String.format("%04o", mode & 0777);
    }
}
