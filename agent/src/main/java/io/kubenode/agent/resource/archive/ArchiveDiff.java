package io.kubenode.agent.resource.archive;

import io.kubenode.agent.engine.Change;
import io.kubenode.common.catalog.ArchiveSpec;

import java.util.List;

/**
 * The changes for an archive, as people read them: {@code + archive:containerd 1.7.0 (sha256 b068b05d…)},
 * {@code ~ archive:containerd sha256 b068b05d… -> 1a2b3c4d…}, {@code ~ archive:runc mode 0644 -> 0755}.
 * An artifact without sha256 says UNVERIFIED in every change.
 */
final class ArchiveDiff {
    static final String UNVERIFIED = "UNVERIFIED: no sha256 (insecureSkipVerify), installed without any check";
    private static final String MODE_PREFIX = "mode ";

    private ArchiveDiff() {
    }

    static List<Change> of(ArchiveSpec spec, ArchiveActual actual, String createsPath) {
        String wanted = Sha256.normalized(spec.sha256());
        boolean markerMatches = wanted != null ? wanted.equals(actual.installedSha256())
                : spec.url().equals(actual.installedUrl());
        if (actual.installedSha256() != null && !markerMatches) {
            String detail = wanted != null
                    ? "sha256 " + Sha256.shortForm(actual.installedSha256()) + " -> " + Sha256.shortForm(wanted)
                    : "url " + actual.installedUrl() + " -> " + spec.url() + " (" + UNVERIFIED + ")";
            return List.of(Change.update(spec.id(), detail));
        }
        if (!markerMatches || !actual.createsExists()) {
            String what = wanted != null ? "(sha256 " + Sha256.shortForm(wanted) + ")" : "(" + UNVERIFIED + ")";
            String missing = markerMatches ? ", " + createsPath + " is missing" : "";
            return List.of(Change.create(spec.id(), versioned(spec, what) + missing));
        }
        if (ArchiveSpec.FILE.equals(spec.format()) && spec.mode() != null && actual.fileMode() != null
                && !normalizedMode(spec.mode()).equals(actual.fileMode())) {
            return List.of(Change.update(spec.id(), MODE_PREFIX + actual.fileMode() + " -> "
                    + normalizedMode(spec.mode())));
        }
        return List.of();
    }

    static boolean isModeOnly(Change change) {
        return change.kind() == Change.Kind.UPDATE && change.detail().startsWith(MODE_PREFIX);
    }

    private static String versioned(ArchiveSpec spec, String detail) {
        return spec.version() == null || spec.version().isBlank() ? detail : spec.version() + " " + detail;
    }

    private static String normalizedMode(String mode) {
        return String.format("%04o", Integer.parseInt(mode, 8));
    }
}
