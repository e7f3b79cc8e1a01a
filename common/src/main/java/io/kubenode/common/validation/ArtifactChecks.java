package io.kubenode.common.validation;

import io.kubenode.common.cluster.Artifact;

/** Every download: an https URL and a sha256, unless explicitly insecureSkipVerify (then loudly warned). */
final class ArtifactChecks {
    private ArtifactChecks() {
    }

    static void check(String path, Artifact artifact, Problems problems) {
        if (problems.required(path + ".url", artifact.url())) {
            KubernetesRules.checkHttpsUrl(path + ".url", artifact.url(), problems);
        }
        String sha256 = artifact.sha256();
        if (sha256 == null || sha256.isBlank()) {
            if (artifact.skipsVerification()) {
                problems.warning(path + ".sha256", "no sha256 and insecureSkipVerify: true: whatever the URL serves "
                        + "will be installed as root on every node, unverified");
            } else {
                problems.error(path + ".sha256", "required: the sha256 of the download, as 64 hex digits (or "
                        + "insecureSkipVerify: true to install unverified)");
            }
        } else if (!Patterns.SHA256_HEX.matcher(sha256).matches()) {
            problems.error(path + ".sha256", "expected 64 lowercase hex digits, got '" + sha256 + "'");
        }
        if (artifact.size() != null && artifact.size() <= 0) {
            problems.error(path + ".size", "expected the download's size in bytes (a positive number), got "
                    + artifact.size());
        }
    }

    /** Checks a release version and warns when the URL does not mention it (a half-done upgrade). */
    static void checkVersion(String path, String version, String url, Problems problems) {
        if (!problems.required(path + ".version", version)) {
            return;
        }
        if (!Patterns.RELEASE_VERSION.matcher(version).matches()) {
            problems.error(path + ".version", "expected a version like 1.7.0, got '" + version + "'");
            return;
        }
        String bare = version.startsWith("v") ? version.substring(1) : version;
        if (url != null && !url.contains(bare)) {
            problems.warning(path + ".url", "does not mention version " + bare + "; was the version or the URL "
                    + "changed alone?");
        }
    }
}
