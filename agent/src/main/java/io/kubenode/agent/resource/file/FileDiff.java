package io.kubenode.agent.resource.file;

import io.kubenode.agent.engine.Change;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.SecretText;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The pure comparison of a file spec with what is on disk. Unset fields are not managed: a null content leaves the
 * content alone (a missing file is created empty), a null mode, owner or group leaves that attribute alone, except
 * that a secret file without a mode is kept at {@value FileSpec#SECRET_MODE}.
 */
final class FileDiff {
    private FileDiff() {
    }

    static List<Change> between(FileSpec spec, FileActual actual) {
        String id = spec.id();
        if (!actual.exists()) {
            return List.of(Change.create(id, contentDetail(spec, actual)));
        }
        List<Change> changes = new ArrayList<>();
        if (contentDiffers(spec, actual)) {
            changes.add(Change.update(id, spec.isSecret() ? contentDetail(spec, actual)
                    : "(old " + Change.size(actual.content().length) + " -> new "
                    + Change.size(desiredContent(spec, actual).length) + ")"));
        }
        String mode = normalizedMode(spec.effectiveMode());
        if (mode != null && !mode.equals(normalizedMode(actual.stat().mode()))) {
            changes.add(Change.update(id, "mode " + actual.stat().mode() + " -> " + mode));
        }
        if (spec.owner() != null && !spec.owner().equals(actual.stat().owner())) {
            changes.add(Change.update(id, "owner " + actual.stat().owner() + " -> " + spec.owner()));
        }
        if (spec.group() != null && !spec.group().equals(actual.stat().group())) {
            changes.add(Change.update(id, "group " + actual.stat().group() + " -> " + spec.group()));
        }
        return changes;
    }

    /**
     * The new content as a change shows it: its size, or for a secret {@code (secret, N bytes, sha256:…)} of the
     * new content only (the old content of a secret file is never described).
     */
    private static String contentDetail(FileSpec spec, FileActual actual) {
        byte[] content = desiredContent(spec, actual);
        return spec.isSecret() ? SecretText.describe(content) : "(" + Change.size(content.length) + ")";
    }

    /** True when the file must be (re)written: it is missing, or its content is managed and differs. */
    static boolean needsWrite(FileSpec spec, FileActual actual) {
        return !actual.exists() || contentDiffers(spec, actual);
    }

    static boolean contentDiffers(FileSpec spec, FileActual actual) {
        return spec.content() != null && !Arrays.equals(desiredContent(spec, actual), actual.content());
    }

    /** The bytes the file should hold: the spec's text, or what is there when the content is not managed. */
    static byte[] desiredContent(FileSpec spec, FileActual actual) {
        if (spec.content() != null) {
            return spec.content().getBytes(StandardCharsets.UTF_8);
        }
        return actual.exists() ? actual.content() : new byte[0];
    }

    /** "644", "0644" and "00644" are the same mode; null stays null (not managed). */
    static String normalizedMode(String mode) {
        return mode == null ? null : String.format("%04o", Integer.parseInt(mode, 8));
    }
}
