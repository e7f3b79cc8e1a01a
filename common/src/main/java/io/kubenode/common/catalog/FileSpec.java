package io.kubenode.common.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * A whole file owned by kubenode. {@code validate} is an argv run against the new content before it
 * replaces the old, with {@code %s} standing for the temporary file (e.g. {@code haproxy -c -f %s}).
 */
public record FileSpec(
        String path,
        String content,
        String mode,
        String owner,
        String group,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> validate) implements ResourceSpec {

    public static final String TYPE = "file";

    public FileSpec {
        validate = validate == null ? List.of() : List.copyOf(validate);
    }

    public static FileSpec rootOwned(String path, String content, String mode) {
        return new FileSpec(path, content, mode, "root", "root", List.of());
    }

    public FileSpec validatedBy(List<String> argv) {
        return new FileSpec(path, content, mode, owner, group, argv);
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
