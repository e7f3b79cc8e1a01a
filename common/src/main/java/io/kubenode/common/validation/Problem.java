package io.kubenode.common.validation;

/** One finding about a document: where ({@code spec.nodes[1].address}), how bad, and what was expected. */
public record Problem(Severity severity, String path, String message) {

    /** Path used for problems with the document as a whole (size, syntax, emptiness). */
    public static final String DOCUMENT = "<document>";

    public static Problem error(String path, String message) {
        return new Problem(Severity.ERROR, path, message);
    }

    public static Problem warning(String path, String message) {
        return new Problem(Severity.WARNING, path, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code path: message}, warnings marked. */
    public String render() {
        return path + ": " + (isError() ? "" : "warning: ") + message;
    }
}
