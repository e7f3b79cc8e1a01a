package io.kubenode.agent.state;

import io.kubenode.common.catalog.CatalogChecks;
import io.kubenode.common.catalog.CatalogHash;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * Bytes -> a catalog the engine may run, or every reason it may not: unreadable, wrong kind, malformed
 * (dangling edges, cycles), or a content hash that does not match its content (refused whole).
 */
public final class CatalogLoader {
    /** Catalogs carry whole config files inline; far below this in practice (the seed's node1 is ~14 KiB). */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    /** A loaded catalog, or the problems that refused it. */
    public record Loaded(NodeCatalog catalog, List<Problem> problems) {
        public boolean ok() {
            return catalog != null;
        }
    }

    private CatalogLoader() {
    }

    public static Loaded load(byte[] bytes) {
        ReadResult<NodeCatalog> read = DocumentReader.read(bytes, NodeCatalog.class, MAX_BYTES);
        if (read instanceof ReadResult.Unreadable<NodeCatalog> unreadable) {
            return new Loaded(null, unreadable.problems());
        }
        NodeCatalog catalog = ((ReadResult.Read<NodeCatalog>) read).value();
        List<Problem> problems = new ArrayList<>();
        if (!NodeCatalog.API_VERSION.equals(catalog.apiVersion()) || !NodeCatalog.KIND.equals(catalog.kind())) {
            problems.add(Problem.error("kind", "expected " + NodeCatalog.API_VERSION + " " + NodeCatalog.KIND
                    + ", got " + catalog.apiVersion() + " " + catalog.kind()));
        }
        if (catalog.metadata() == null || catalog.spec() == null || catalog.spec().osFamily() == null) {
            problems.add(Problem.error(Problem.DOCUMENT, "metadata, spec and spec.osFamily are required"));
            return new Loaded(null, problems);
        }
        problems.addAll(CatalogChecks.check(catalog.spec()));
        String actualHash = CatalogHash.of(catalog.spec());
        if (!actualHash.equals(catalog.metadata().contentHash())) {
            problems.add(Problem.error("metadata.contentHash", "does not match the content (expected "
                    + actualHash + "): refused whole"));
        }
        return problems.isEmpty() ? new Loaded(catalog, List.of()) : new Loaded(null, problems);
    }
}
