package io.kubenode.common.catalog;

/**
 * A download verified by sha256 before anything is written. {@code format} {@code tar.gz}: extracted into the
 * {@code destination} directory; {@code file}: placed at {@code destination} with {@code mode}.
 * {@code creates}: a path that exists once installed. {@code sha256} is null only for an artifact the admin
 * marked insecureSkipVerify. {@code size} (optional, bytes): the download is abandoned as soon as it grows past
 * it and must have exactly this size; without it the agent's ceiling ({@link #DEFAULT_MAX_BYTES}) applies.
 */
public record ArchiveSpec(
        String name,
        String version,
        String url,
        String sha256,
        String format,
        String destination,
        String mode,
        String creates,
        Long size) implements ResourceSpec {

    public static final String TYPE = "archive";
    public static final String TAR_GZ = "tar.gz";
    public static final String FILE = "file";
    /** The most an archive without a declared size may be: 512 MiB, above any release a node installs. */
    public static final long DEFAULT_MAX_BYTES = 512L * 1024 * 1024;

    /** An archive without a declared size. */
    public ArchiveSpec(String name, String version, String url, String sha256, String format, String destination,
                       String mode, String creates) {
        this(name, version, url, sha256, format, destination, mode, creates, null);
    }

    /** The most the download may be: its declared size, else the default ceiling. */
    public long maxBytes() {
        return size != null ? size : DEFAULT_MAX_BYTES;
    }

    @Override
    public String type() {
        return TYPE;
    }
}
