package io.kubenode.agent.host;

/** Mode ("0644"), owner and group to give a file; a null field keeps what is there (or the default for a new file). */
public record FileAttributes(String mode, String owner, String group) {

    public static FileAttributes mode(String mode) {
        return new FileAttributes(mode, null, null);
    }
}
