package io.kubenode.agent.cli;

import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.validation.Problem;
import picocli.CommandLine.Option;

import java.util.Optional;

/** --catalog FILE: a compiled NodeCatalog (kubenodectl compile --node N -o json|yaml). */
final class CatalogOption {

    @Option(names = "--catalog", required = true, paramLabel = "FILE", description = "The node's catalog.")
    String path;

    /** The catalog, checked; every reason it is refused otherwise (nothing is applied from a refused catalog). */
    NodeCatalog load() {
        Optional<byte[]> bytes;
        try {
            bytes = LocalHost.machine().read(absolute(path));
        } catch (HostException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        if (bytes.isEmpty()) {
            throw new IllegalArgumentException("no such file: " + path);
        }
        CatalogLoader.Loaded loaded = CatalogLoader.load(bytes.get());
        if (!loaded.ok()) {
            throw new IllegalArgumentException(path + " refused, nothing applied: " + String.join("; ",
                    loaded.problems().stream().map(Problem::render).toList()));
        }
        return loaded.catalog();
    }

    static String absolute(String path) {
        return java.nio.file.Path.of(path).toAbsolutePath().normalize().toString();
    }
}
