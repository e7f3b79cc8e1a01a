package io.kubenode.controller.cli;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.ClusterValidator;
import io.kubenode.common.validation.Problem;
import io.kubenode.common.validation.ValidationResult;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A Cluster document read from a file (or text) and validated; problems instead of exceptions. {@code text} is the
 * document exactly as read (what the controller stores), null when the file could not be read.
 */
public record ClusterFile(Cluster cluster, ValidationResult result, String text) {

    public static ClusterFile load(Path file) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > DocumentReader.MAX_BYTES) {
                return unreadable("document is " + size + " bytes; the limit is 1 MiB (" + DocumentReader.MAX_BYTES
                        + " bytes)");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return unreadable("no such file: " + file);
        } catch (IOException e) {
            return unreadable("cannot read " + file + ": " + e.getMessage());
        }
        return parse(bytes);
    }

    /** The document in {@code bytes} (UTF-8 YAML or JSON), read and validated. */
    public static ClusterFile parse(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        ReadResult<Cluster> read = DocumentReader.read(bytes, Cluster.class);
        if (read instanceof ReadResult.Unreadable<Cluster> unreadable) {
            return new ClusterFile(null, ValidationResult.of(unreadable.problems()), text);
        }
        Cluster cluster = ((ReadResult.Read<Cluster>) read).value();
        return new ClusterFile(cluster, ClusterValidator.validate(cluster), text);
    }

    public static ClusterFile parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ClusterFile unreadable(String message) {
        return new ClusterFile(null, ValidationResult.of(List.of(Problem.error(Problem.DOCUMENT, message))), null);
    }

    public boolean valid() {
        return cluster != null && result.valid();
    }
}
