package io.kubenode.controller.cli.admin;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the user's editor on a file and waits for it: {@code $EDITOR}, else {@code $VISUAL}, else {@code vi}. The
 * variable is split on whitespace ("code --wait") and the file appended as one more argument; no shell is involved,
 * so nothing in the path is interpreted.
 */
final class EditorLauncher {
    private final List<String> command;

    private EditorLauncher(List<String> command) {
        this.command = List.copyOf(command);
    }

    static EditorLauncher from(Environment environment) {
        String chosen = environment.variable("EDITOR").or(() -> environment.variable("VISUAL")).orElse("vi");
        return new EditorLauncher(Arrays.asList(chosen.strip().split("\\s+")));
    }

    List<String> command() {
        return command;
    }

    /** Runs the editor on {@code file} with the terminal handed over; an exit code other than 0 is a failure. */
    void edit(Path file) throws EditorException {
        List<String> argv = new ArrayList<>(command);
        argv.add(file.toString());
        Process process;
        try {
            process = new ProcessBuilder(argv).inheritIO().start();
        } catch (IOException e) {
            throw new EditorException("cannot start the editor " + argv.get(0) + " (set EDITOR): " + e.getMessage());
        }
        try {
            int exitCode = process.waitFor();
            if (exitCode != 0) {
                throw new EditorException("the editor " + String.join(" ", command) + " exited with code " + exitCode);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new EditorException("interrupted while the editor was running");
        }
    }

    static final class EditorException extends Exception {
        EditorException(String message) {
            super(message);
        }
    }
}
