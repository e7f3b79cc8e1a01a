package io.kubenode.common.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.Expected.warning;

/** Every download: https URL, sha256 pinned unless insecureSkipVerify (loudly), release version matching the URL. */
class ArtifactChecksTest {
    private static final String CONTAINERD = "spec.containerRuntime.containerd";
    private static final String RUNC = "spec.containerRuntime.runc";
    private static final String CNI = "spec.containerRuntime.cniPlugins";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("missing url is an error", doc -> doc.remove(CONTAINERD + ".url"),
                        error(CONTAINERD + ".url", "required")),
                RuleCase.of("http url is an error",
                        doc -> doc.set(RUNC + ".url",
                                "http://github.com/opencontainers/runc/releases/download/v1.1.4/runc.amd64"),
                        error(RUNC + ".url", "expected an https:// URL, got 'http://github.com/")),
                RuleCase.of("file url is an error", doc -> doc.set(RUNC + ".url", "file:///tmp/v1.1.4/runc"),
                        error(RUNC + ".url", "expected an https:// URL")),
                RuleCase.of("missing sha256 is an error", doc -> doc.remove(CNI + ".sha256"),
                        error(CNI + ".sha256", "required: the sha256 of the download, as 64 hex digits (or "
                                + "insecureSkipVerify: true to install unverified)")),
                RuleCase.of("missing sha256 with insecureSkipVerify is a warning",
                        doc -> doc.remove(CNI + ".sha256").set(CNI + ".insecureSkipVerify", true),
                        warning(CNI + ".sha256", "no sha256 and insecureSkipVerify: true: whatever the URL serves "
                                + "will be installed as root on every node, unverified")),
                RuleCase.of("missing sha256 with insecureSkipVerify false is an error",
                        doc -> doc.remove(CNI + ".sha256").set(CNI + ".insecureSkipVerify", false),
                        error(CNI + ".sha256", "required: the sha256")),
                RuleCase.of("upper-case sha256 is an error",
                        doc -> doc.set(RUNC + ".sha256",
                                "DB772BE63147A4E747B4FE286C7C16A2EDC4A8458BD3092EA46AAEE77750E8CE"),
                        error(RUNC + ".sha256", "expected 64 lowercase hex digits, got 'DB772BE6")),
                RuleCase.of("sha256 of 63 digits is an error",
                        doc -> doc.set(RUNC + ".sha256",
                                "db772be63147a4e747b4fe286c7c16a2edc4a8458bd3092ea46aaee77750e8c"),
                        error(RUNC + ".sha256", "expected 64 lowercase hex digits")),
                RuleCase.of("a declared size is accepted", doc -> doc.set(RUNC + ".size", 9431456)),
                RuleCase.of("a size of zero is an error", doc -> doc.set(CNI + ".size", 0),
                        error(CNI + ".size", "expected the download's size in bytes (a positive number), got 0")),
                RuleCase.of("version without patch is an error", doc -> doc.set(CONTAINERD + ".version", "1.7"),
                        error(CONTAINERD + ".version", "expected a version like 1.7.0, got '1.7'")),
                RuleCase.of("two-part version 1.10 is an error", doc -> doc.set(RUNC + ".version", "1.10"),
                        error(RUNC + ".version", "expected a version like 1.7.0, got '1.10'")),
                RuleCase.of("missing version is an error", doc -> doc.remove(RUNC + ".version"),
                        error(RUNC + ".version", "required")),
                RuleCase.of("version with leading v is accepted", doc -> doc.set(RUNC + ".version", "v1.1.4")),
                RuleCase.of("url not mentioning the version is a warning",
                        doc -> doc.set(CONTAINERD + ".version", "1.7.1"),
                        warning(CONTAINERD + ".url", "does not mention version 1.7.1; was the version or the URL "
                                + "changed alone?")),
                RuleCase.of("pre-release version must be in the url too",
                        doc -> doc.set(CNI + ".version", "1.2.0-rc.1"),
                        warning(CNI + ".url", "does not mention version 1.2.0-rc.1")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachArtifactProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }
}
