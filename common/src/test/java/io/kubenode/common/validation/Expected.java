package io.kubenode.common.validation;

/** A problem a test expects: exact severity and path, and a fragment of the message. */
record Expected(Severity severity, String path, String fragment) {

    static Expected error(String path, String fragment) {
        return new Expected(Severity.ERROR, path, fragment);
    }

    static Expected warning(String path, String fragment) {
        return new Expected(Severity.WARNING, path, fragment);
    }

    boolean matches(Problem problem) {
        return problem.severity() == severity && problem.path().equals(path) && problem.message().contains(fragment);
    }

    @Override
    public String toString() {
        return severity + " " + path + " ~ \"" + fragment + "\"";
    }
}
