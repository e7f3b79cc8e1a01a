package io.kubenode.common.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A whole file owned by kubenode. {@code validate} is an argv run against the new content before it
 * replaces the old, with {@code %s} standing for the temporary file (e.g. {@code haproxy -c -f %s}).
 *
 * <p>{@code secret} (optional, true or absent) marks content that must never be shown: the agent writes the file
 * {@value #SECRET_MODE} unless the catalog asks for stricter, and plans, reports, logs and {@code kubenodectl} show
 * {@link #redacted()} instead of the content. {@code false} is stored as absent, so catalogs without secrets
 * serialise, and hash, exactly as before the field existed.
 */
public record FileSpec(
        String path,
        String content,
        String mode,
        String owner,
        String group,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> validate,
        Boolean secret) implements ResourceSpec {

    public static final String TYPE = "file";
    /** The mode of a secret file whose catalog gives none, and the widest a secret file may have. */
    public static final String SECRET_MODE = "0600";

    public FileSpec {
        validate = validate == null ? List.of() : List.copyOf(validate);
        secret = Boolean.TRUE.equals(secret) ? Boolean.TRUE : null;
    }

    /** A file that is not secret. */
    public FileSpec(String path, String content, String mode, String owner, String group, List<String> validate) {
        this(path, content, mode, owner, group, validate, null);
    }

    public static FileSpec rootOwned(String path, String content, String mode) {
        return new FileSpec(path, content, mode, "root", "root", List.of());
    }

    /** A root-owned secret file, {@value #SECRET_MODE} unless {@code mode} is stricter. */
    public static FileSpec rootOwnedSecret(String path, String content, String mode) {
        return new FileSpec(path, content, mode, "root", "root", List.of(), true);
    }

    public FileSpec validatedBy(List<String> argv) {
        return new FileSpec(path, content, mode, owner, group, argv, secret);
    }

    /** True when the content must never be shown. */
    @JsonIgnore
    public boolean isSecret() {
        return Boolean.TRUE.equals(secret);
    }

    /** The mode the file gets: the catalog's, or {@value #SECRET_MODE} for a secret without one (never wider). */
    @JsonIgnore
    public String effectiveMode() {
        return mode == null && isSecret() ? SECRET_MODE : mode;
    }

    /** What people see instead of a secret's content: {@code (secret, N bytes, sha256:…)}; null without content. */
    @JsonIgnore
    public String redacted() {
        return content == null ? null : SecretText.describe(content.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public String name() {
        return path;
    }
}
