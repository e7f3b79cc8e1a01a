package io.kubenode.common.catalog;

import java.util.List;

/**
 * A catalog as people may see it: every secret file's content replaced by {@code (secret, N bytes, sha256:…)}.
 * The metadata, content hash included, stays the real catalog's, so a redacted catalog is for reading only: an
 * agent given one refuses it (its content no longer matches the hash) instead of writing the placeholder.
 */
public final class SecretRedaction {
    private SecretRedaction() {
    }

    public static NodeCatalog of(NodeCatalog catalog) {
        if (catalog.spec().resources().stream().noneMatch(SecretRedaction::holdsSecret)) {
            return catalog;
        }
        List<CatalogResource> resources = catalog.spec().resources().stream().map(SecretRedaction::redact).toList();
        return new NodeCatalog(catalog.apiVersion(), catalog.kind(), catalog.metadata(),
                new NodeCatalog.Spec(catalog.spec().role(), catalog.spec().osFamily(), resources));
    }

    public static List<NodeCatalog> of(List<NodeCatalog> catalogs) {
        return catalogs.stream().map(SecretRedaction::of).toList();
    }

    /** The redacted description of a resource's content when it is a secret, else null. */
    public static String describe(CatalogResource resource) {
        return holdsSecret(resource) ? ((FileSpec) resource.spec()).redacted() : null;
    }

    private static boolean holdsSecret(CatalogResource resource) {
        return resource.spec() instanceof FileSpec file && file.isSecret() && file.content() != null;
    }

    private static CatalogResource redact(CatalogResource resource) {
        if (!holdsSecret(resource)) {
            return resource;
        }
        FileSpec file = (FileSpec) resource.spec();
        FileSpec shown = new FileSpec(file.path(), file.redacted(), file.mode(), file.owner(), file.group(),
                file.validate(), true);
        return new CatalogResource(resource.id(), resource.dependsOn(), resource.notifies(), shown);
    }
}
