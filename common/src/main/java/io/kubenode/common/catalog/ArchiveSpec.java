package io.kubenode.common.catalog;

/**
 * A download verified by sha256 before anything is written. {@code format} {@code tar.gz}: extracted into the
 * {@code destination} directory; {@code file}: placed at {@code destination} with {@code mode}.
 * {@code creates}: a path that exists once installed. {@code sha256} is null only for an artifact the admin
 * marked insecureSkipVerify.
 */
public record ArchiveSpec(
        String name,
        String version,
        String url,
        String sha256,
        String format,
        String destination,
        String mode,
        String creates) implements ResourceSpec {

    public static final String TYPE = "archive";
    public static final String TAR_GZ = "tar.gz";
    public static final String FILE = "file";

    @Override
    public String type() {
        return TYPE;
    }
}
