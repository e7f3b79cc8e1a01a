package io.kubenode.common.catalog;

/**
 * A block between {@code # BEGIN <marker>} and {@code # END <marker>} lines inside a file the user also
 * edits (/etc/hosts); lines outside the block are left alone.
 */
public record ManagedBlockSpec(String path, String marker, String content) implements ResourceSpec {

    public static final String TYPE = "managedBlock";

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return path;
    }

    public String beginLine() {
        return "# BEGIN " + marker;
    }

    public String endLine() {
        return "# END " + marker;
    }
}
