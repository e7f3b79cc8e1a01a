package io.kubenode.controller.cli.admin;

import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the admin verbs read from the process around them: environment variables (KUBENODE_CONFIG, EDITOR, VISUAL)
 * and the home directory. The top-level command supplies it, so tests can run kubenodectl in process with their own.
 */
public record Environment(Map<String, String> variables, Path home) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** Implemented by the top-level command that holds the environment. */
    public interface Source {
        Environment environment();
    }

    public static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** The environment of the command line {@code spec} belongs to; the process's when no source supplies one. */
    static Environment of(CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof Source source ? source.environment() : system();
    }

    /** A variable's value; empty when unset or blank. */
    Optional<String> variable(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }
}
