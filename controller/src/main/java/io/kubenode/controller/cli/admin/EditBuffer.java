package io.kubenode.controller.cli.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The temporary file {@code edit} hands to the editor: created readable by its owner only (0600, the document may
 * hold keepalived's password), and the error header put on top of an invalid document, which
 * {@link #stripHeader} takes off again before the next validation (the user's own comments stay).
 */
final class EditBuffer {
    private final Path path;

    private EditBuffer(Path path) {
        this.path = path;
    }

    /** A new file in the temp directory, 0600 from its creation on; {@code suffix}: ".yaml" or ".json". */
    static EditBuffer create(String suffix, String text) {
        try {
            Path file = Files.createTempFile("kubenode-edit-", suffix,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            EditBuffer buffer = new EditBuffer(file);
            buffer.write(text);
            return buffer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the file to edit", e);
        }
    }

    Path path() {
        return path;
    }

    String read() {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the edited file " + path, e);
        }
    }

    void write(String text) {
        try {
            Files.writeString(path, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
    }

    void delete() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + path, e);
        }
    }

    /** The comment lines put above a document that did not validate: what to do, then each problem. */
    static List<String> header(List<String> problems) {
        List<String> header = new ArrayList<>();
        header.add("# The edited cluster document is invalid. Fix it and save to try again, or quit without saving");
        header.add("# to give up (your edit stays in this file). kubenodectl removes these comment lines.");
        header.add("#");
        problems.forEach(problem -> header.add("# " + problem));
        header.add("#");
        return header;
    }

    static String withHeader(List<String> header, String text) {
        return String.join("\n", header) + "\n" + text;
    }

    /** {@code text} without the leading lines that are lines of {@code header}; other comments stay. */
    static String stripHeader(String text, List<String> header) {
        if (header.isEmpty()) {
            return text;
        }
        List<String> lines = Arrays.asList(text.split("\n", -1));
        int first = 0;
        while (first < lines.size() - 1 && header.contains(lines.get(first))) {
            first++;
        }
        return String.join("\n", lines.subList(first, lines.size()));
    }
}
