package io.kubenode.common.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.Expected.warning;

class KubernetesRulesTest {
    private static final String K8S = "spec.kubernetes";
    private static final String REPO = K8S + ".packageRepository";
    private static final String APT = REPO + ".apt";
    private static final String KEY_SHA256 = "9a2e4c1b2ff7f2e2d0c0d4e6d2a4d3bdf1ab0a7f0b6d5d83a0c7f5f7c1e0a2b3";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("missing kubernetes section is an error", doc -> doc.remove(K8S),
                        error(K8S, "required"),
                        error(K8S + ".podSubnet", "required with flannel")),
                RuleCase.of("missing version is an error", doc -> doc.remove(K8S + ".version"),
                        error(K8S + ".version", "required")),
                RuleCase.of("version with leading v is accepted", doc -> doc.set(K8S + ".version", "v1.32.2")),
                RuleCase.of("version without patch is an error", doc -> doc.set(K8S + ".version", "1.32"),
                        error(K8S + ".version", "expected MAJOR.MINOR.PATCH like 1.32.2, got '1.32'")),
                RuleCase.of("version with suffix is an error", doc -> doc.set(K8S + ".version", "1.32.2-rc.0"),
                        error(K8S + ".version", "expected MAJOR.MINOR.PATCH")),
                RuleCase.of("version below 1.31 is an error",
                        doc -> doc.set(K8S + ".version", "1.30.9")
                                .set(REPO + ".baseUrl", "https://pkgs.k8s.io/core:/stable:/v1.30/rpm/"),
                        error(K8S + ".version", "needs Kubernetes 1.31 or later; got 1.30.9")),
                RuleCase.of("version 1.31 is accepted",
                        doc -> doc.set(K8S + ".version", "1.31.0")
                                .set(REPO + ".baseUrl", "https://pkgs.k8s.io/core:/stable:/v1.31/rpm/")),
                RuleCase.of("major version 2 is an error and the repository does not match it",
                        doc -> doc.set(K8S + ".version", "2.0.0"),
                        error(K8S + ".version", "needs Kubernetes 1.31 or later; got 2.0.0"),
                        warning(REPO + ".baseUrl", "repository serves v1.32 but spec.kubernetes.version is 2.0.x")),
                RuleCase.of("repository of another minor is a warning", doc -> doc.set(K8S + ".version", "1.33.1"),
                        warning(REPO + ".baseUrl", "repository serves v1.32 but spec.kubernetes.version is 1.33.x")),
                RuleCase.of("missing package repository is an error", doc -> doc.remove(REPO),
                        error(REPO, "required")),
                RuleCase.of("missing baseUrl for RHEL nodes is an error", doc -> doc.remove(REPO + ".baseUrl"),
                        error(REPO + ".baseUrl", "required")),
                RuleCase.of("http baseUrl is an error",
                        doc -> doc.set(REPO + ".baseUrl", "http://pkgs.k8s.io/core:/stable:/v1.32/rpm/"),
                        error(REPO + ".baseUrl", "expected an https:// URL, got 'http://pkgs.k8s.io/")),
                RuleCase.of("http gpgKey is an error",
                        doc -> doc.set(REPO + ".gpgKey", "http://pkgs.k8s.io/core:/stable:/v1.32/rpm/repodata/repomd.xml.key"),
                        error(REPO + ".gpgKey", "expected an https:// URL, got 'http://")),
                RuleCase.of("https URL without host is an error", doc -> doc.set(REPO + ".gpgKey", "https:///key"),
                        error(REPO + ".gpgKey", "expected an https:// URL")),
                RuleCase.of("baseUrl with a space is not a URL",
                        doc -> doc.set(REPO + ".baseUrl", "https://pkgs k8s.io/v1.32/"),
                        error(REPO + ".baseUrl", "not a URL: ")),
                RuleCase.of("debian node without apt repository is an error",
                        doc -> doc.set("spec.nodes[4].osFamily", "debian"),
                        error(APT, "required")),
                RuleCase.of("debian cluster default without apt repository is an error",
                        doc -> doc.set("spec.host.osFamily", "debian"),
                        error(APT, "required")),
                RuleCase.of("debian cluster with only an apt repository is accepted",
                        doc -> doc.set("spec.host.osFamily", "debian").set(REPO, Map.of("apt", apt(KEY_SHA256)))),
                RuleCase.of("apt repository without gpgKeySha256 is an error",
                        doc -> doc.set("spec.nodes[4].osFamily", "debian").set(APT, apt(null)),
                        error(APT + ".gpgKeySha256", "required")),
                RuleCase.of("apt gpgKeySha256 that is not 64 hex digits is an error",
                        doc -> doc.set("spec.nodes[4].osFamily", "debian").set(APT, apt("abc123")),
                        error(APT + ".gpgKeySha256", "expected 64 lowercase hex digits")),
                RuleCase.of("upper-case apt gpgKeySha256 is an error",
                        doc -> doc.set("spec.nodes[4].osFamily", "debian").set(APT, apt(KEY_SHA256.toUpperCase())),
                        error(APT + ".gpgKeySha256", "expected 64 lowercase hex digits")),
                RuleCase.of("apt repository is checked even when no node is debian",
                        doc -> doc.set(APT, apt(null)),
                        error(APT + ".gpgKeySha256", "required")),
                RuleCase.of("apt repository of another minor is a warning",
                        doc -> doc.set("spec.nodes[4].osFamily", "debian").set(APT, Map.of(
                                "baseUrl", "https://pkgs.k8s.io/core:/stable:/v1.31/deb/",
                                "gpgKey", "https://pkgs.k8s.io/core:/stable:/v1.31/deb/Release.key",
                                "gpgKeySha256", KEY_SHA256)),
                        warning(APT + ".baseUrl", "repository serves v1.31 but spec.kubernetes.version is 1.32.x")),
                RuleCase.of("http apt baseUrl is an error",
                        doc -> doc.set("spec.nodes[4].osFamily", "debian").set(APT, Map.of(
                                "baseUrl", "http://pkgs.k8s.io/core:/stable:/v1.32/deb/",
                                "gpgKey", "https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key",
                                "gpgKeySha256", KEY_SHA256)),
                        error(APT + ".baseUrl", "expected an https:// URL")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachKubernetesProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    private static Map<String, Object> apt(String gpgKeySha256) {
        Map<String, Object> apt = new LinkedHashMap<>();
        apt.put("baseUrl", "https://pkgs.k8s.io/core:/stable:/v1.32/deb/");
        apt.put("gpgKey", "https://pkgs.k8s.io/core:/stable:/v1.32/deb/Release.key");
        if (gpgKeySha256 != null) {
            apt.put("gpgKeySha256", gpgKeySha256);
        }
        return apt;
    }
}
