package io.kubenode.controller.compiler;

/** The first line of every file kubenode renders, so an operator on the host knows not to edit it. */
public final class ManagedHeader {
    private ManagedHeader() {
    }

    /** A comment line in the given comment syntax ("#" or ";"), ending in a newline. */
    public static String line(String commentPrefix, String source) {
        return commentPrefix + " Managed by kubenode from " + source + "; local changes are overwritten.\n";
    }
}
