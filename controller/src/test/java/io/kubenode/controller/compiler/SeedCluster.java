package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The shipped example (the seed guide's cluster), read from deploy/examples in the source tree. */
public final class SeedCluster {
    private SeedCluster() {
    }

    public static Path repositoryRoot() {
        return Path.of(System.getProperty("project.basedir", "controller")).toAbsolutePath().getParent();
    }

    public static Path exampleFile() {
        return repositoryRoot().resolve("deploy/examples/cluster.yaml");
    }

    public static String exampleText() {
        try {
            return Files.readString(exampleFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Cluster load() {
        return parse(exampleText());
    }

    public static Cluster parse(String yaml) {
        return read(yaml, Cluster.class);
    }

    public static NodeCatalog readCatalog(String yaml) {
        return read(yaml, NodeCatalog.class);
    }

    private static <T> T read(String text, Class<T> type) {
        ReadResult<T> read = DocumentReader.read(text.getBytes(StandardCharsets.UTF_8), type);
        if (read instanceof ReadResult.Read<T> ok) {
            return ok.value();
        }
        throw new IllegalArgumentException("unreadable test document: " + read);
    }
}
