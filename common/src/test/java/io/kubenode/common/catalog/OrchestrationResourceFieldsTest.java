package io.kubenode.common.catalog;

import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The field checks of the kubeadm, kubeadmToken and manifest resources, as the contract compiles them. */
class OrchestrationResourceFieldsTest {
    private static final String CONFIG = "/etc/kubenode/kubeadm/config.yaml";
    private static final String KUBELET = "http://127.0.0.1:10248/healthz";
    private static final String APISERVER = "https://192.168.0.61:6443/readyz";
    private static final String CA = "/etc/kubernetes/pki/ca.crt";
    private static final String ADMIN = "/etc/kubernetes/admin.conf";

    @Test
    void theStepsAsTheCompilerWritesThemPass() {
        assertThat(ResourceFields.check(new KubeadmSpec("node", "init", "control-plane", CONFIG, 1, 600, KUBELET,
                APISERVER, CA, List.of()))).isEmpty();
        assertThat(ResourceFields.check(new KubeadmSpec("node", "join", "worker", CONFIG, 2, 600, KUBELET, null,
                null, List.of("Swap")))).isEmpty();
        assertThat(ResourceFields.check(new KubeadmSpec("node", "reset", "worker", null, 3, 120, null, null, null,
                List.of()))).isEmpty();
        assertThat(ResourceFields.check(new KubeadmSpec("node", "reset", null, null, 3, 120, null, null, null,
                List.of()))).isEmpty();
        assertThat(ResourceFields.check(new KubeadmSpec("node", "join", null, CONFIG, 1, 600, KUBELET, null, null,
                List.of()))).extracting(Problem::path).containsExactly("spec.role");
        assertThat(ResourceFields.check(new KubeadmTokenSpec("abc123", "present", "/etc/kubenode/kubeadm/token.yaml",
                "2026-12-04T03:15:00Z", ADMIN))).isEmpty();
        assertThat(ResourceFields.check(new KubeadmTokenSpec("abc123", "absent", null, null, ADMIN))).isEmpty();
        assertThat(ResourceFields.check(new ManifestSpec("flannel", "/etc/kubenode/manifests/kube-flannel.yml", ADMIN,
                120))).isEmpty();
    }

    @Test
    void kubeadmEnumsPathsUrlsAndTimeoutAreChecked() {
        assertThat(ResourceFields.check(new KubeadmSpec("other", "upgrade", "master", "etc/config.yaml", -1, 0,
                "https://127.0.0.1:10248/healthz", "http://192.168.0.61:6443/readyz", "/etc/../ca.crt",
                List.of("--all")))).extracting(Problem::path).containsExactly("spec.name", "spec.action", "spec.role",
                "spec.attempt", "spec.timeoutSeconds", "spec.ignorePreflightErrors[0]", "spec.configFile",
                "spec.kubeletHealthUrl", "spec.apiServerUrl");
        assertThat(ResourceFields.check(new KubeadmSpec("node", "join", "control-plane", CONFIG, 1, 600, KUBELET,
                "http://192.168.0.61:6443/readyz", "/etc/../ca.crt", List.of())))
                .containsExactly(Problem.error("spec.apiServerUrl", "expected an https URL (a control plane's local "
                        + "apiserver), got 'http://192.168.0.61:6443/readyz'"),
                        Problem.error("spec.caFile", "expected an absolute, normalized path (no '.', '..', '//', "
                                + "spaces or shell characters), got '/etc/../ca.crt'"));
        assertThat(ResourceFields.check(new KubeadmSpec("node", "join", "worker", CONFIG, 1, 3601, KUBELET, null,
                null, List.of()))).containsExactly(Problem.error("spec.timeoutSeconds",
                "expected 1 to 3600 seconds, got '3601'"));
    }

    @Test
    void onlyAControlPlaneInitializes() {
        assertThat(ResourceFields.check(new KubeadmSpec("node", "init", "worker", CONFIG, 1, 600, KUBELET, null, null,
                List.of()))).extracting(Problem::render).containsExactly("spec.role: expected control-plane for init "
                + "(only a control plane initializes a cluster), got 'worker'");
    }

    @Test
    void aTokenNeedsASixCharacterIdAStateAndAnInstant() {
        assertThat(ResourceFields.check(new KubeadmTokenSpec("ABC-12", "valid", "token.yaml", "tomorrow",
                "/etc/kubernetes/admin.conf")))
                .extracting(Problem::render).containsExactly(
                        "spec.name: expected a bootstrap token id of 6 characters [a-z0-9], got 'ABC-12'",
                        "spec.state: expected one of [absent, present], got 'valid'",
                        "spec.configFile: expected an absolute, normalized path (no '.', '..', '//', spaces or shell "
                                + "characters), got 'token.yaml'",
                        "spec.validUntil: expected an ISO-8601 instant such as 2026-12-04T03:15:00Z, got 'tomorrow'");
    }

    @Test
    void aManifestNeedsPathsAndABoundedTimeout() {
        assertThat(ResourceFields.check(new ManifestSpec("-f", "kube-flannel.yml", "/etc/kubernetes/admin.conf;x",
                0))).extracting(Problem::path).containsExactly("spec.name", "spec.file", "spec.kubeconfig",
                "spec.timeoutSeconds");
    }
}
