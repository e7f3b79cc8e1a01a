package io.kubenode.agent.resource.kubeadm;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubeadm steps through the real engine, a real (fake) kubeadm process run by the sandbox's simulator seam, and real
 * probes of a kubelet health endpoint and a TLS apiserver: in sync by observation, never run twice, half-done
 * failed, failures and timeouts reported with exit code, duration and redacted output.
 */
class KubeadmHandlerTest {
    private static final String CONFIG = "/etc/kubenode/kubeadm/config.yaml";
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @TempDir
    Path directory;

    private KubeadmSandbox sandbox;

    @AfterEach
    void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private KubeadmSandbox sandbox(String loopback) {
        sandbox = new KubeadmSandbox(directory, loopback);
        return sandbox;
    }

    private KubeadmSpec init(int timeoutSeconds) {
        return new KubeadmSpec("node", "init", "control-plane", CONFIG, 1, timeoutSeconds, sandbox.kubeletUrl(),
                sandbox.apiServerUrl(), "/etc/kubernetes/pki/ca.crt", List.of());
    }

    private KubeadmSpec joinWorker(int timeoutSeconds) {
        return new KubeadmSpec("node", "join", "worker", CONFIG, 1, timeoutSeconds, sandbox.kubeletUrl(), null, null,
                List.of());
    }

    @Test
    void planShowsTheExactCommandAndApplyRunsInitOnceOnly() {
        sandbox("127.0.0.1").kubeadm.controlPlane();
        NodeCatalog catalog = EngineHarness.catalogOf(init(600));

        Report plan = engine.plan(catalog, sandbox.host);
        assertThat(plan.changes()).containsExactly("+ kubeadm:node run kubeadm init --config " + CONFIG);
        assertThat(sandbox.kubeadm.calls()).isEmpty();

        Report first = engine.apply(catalog, sandbox.host);
        assertThat(first.resources()).extracting(ResourceReport::state).containsExactly("changed");
        Report second = engine.apply(catalog, sandbox.host);
        Report third = engine.apply(catalog, sandbox.host);

        assertThat(second.converged()).as("%s", second.resources()).isTrue();
        assertThat(third.converged()).isTrue();
        assertThat(sandbox.kubeadm.calls()).hasSize(1).first().asString()
                .startsWith("init --config " + CONFIG + " | root=" + sandbox.root);
    }

    @Test
    void ignoredPreflightErrorsAreOnTheCommandLine() {
        sandbox("127.0.0.1");
        KubeadmSpec spec = new KubeadmSpec("node", "join", "worker", CONFIG, 1, 600, sandbox.kubeletUrl(), null,
                null, List.of("Swap", "NumCPU"));

        Report plan = engine.plan(EngineHarness.catalogOf(spec), sandbox.host);

        assertThat(plan.changes()).containsExactly("+ kubeadm:node run kubeadm join --config " + CONFIG
                + " --ignore-preflight-errors=Swap,NumCPU");
    }

    @Test
    void theKubeletProbeGoesToTheSandboxLoopbackAddress() {
        // the kubelet endpoint listens on 127.0.1.61 only: 127.0.0.1 in the URL must be rewritten to reach it
        sandbox("127.0.1.61");
        NodeCatalog catalog = EngineHarness.catalogOf(joinWorker(600));

        engine.apply(catalog, sandbox.host);
        Report second = engine.apply(catalog, sandbox.host);

        assertThat(second.converged()).as("%s", second.resources()).isTrue();
        assertThat(sandbox.kubeadm.calls()).singleElement().asString().endsWith("loopback=127.0.1.61");
    }

    @Test
    void filesPresentButKubeletSilentLongerThanTheTimeoutIsHalfDoneAndFailed() throws IOException {
        sandbox("127.0.0.1");
        NodeCatalog catalog = EngineHarness.catalogOf(joinWorker(60));
        engine.apply(catalog, sandbox.host);
        sandbox.stopKubelet();
        Files.setLastModifiedTime(sandbox.root.resolve("etc/kubernetes/kubelet.conf"),
                FileTime.from(Instant.now().minus(2, ChronoUnit.MINUTES)));

        Report report = engine.apply(catalog, sandbox.host);

        ResourceReport step = report.resources().get(0);
        assertThat(step.state()).isEqualTo("failed");
        assertThat(step.message()).startsWith("half-done: /etc/kubernetes/kubelet.conf present but "
                + sandbox.kubeletUrl() + ": connection refused");
        assertThat(sandbox.kubeadm.calls()).as("never run again over a half-done node").hasSize(1);
    }

    @Test
    void filesJustWrittenWithTheKubeletSilentAreNotReadyYet() {
        sandbox("127.0.0.1");
        NodeCatalog catalog = EngineHarness.catalogOf(joinWorker(600));
        engine.apply(catalog, sandbox.host);
        sandbox.stopKubelet();

        Report report = engine.apply(catalog, sandbox.host);

        assertThat(report.resources().get(0).state()).isEqualTo("not_ready");
        assertThat(report.resources().get(0).message()).startsWith("half-done: ").contains("failed if still so after 600 s");
    }

    @Test
    void aControlPlaneWhoseApiserverManifestIsMissingIsHalfDone() throws IOException {
        sandbox("127.0.0.1");
        NodeCatalog catalog = EngineHarness.catalogOf(init(60));
        // not a control plane for the fake: init writes kubelet.conf and admin.conf, no apiserver manifest
        engine.apply(catalog, sandbox.host);
        for (String file : List.of("kubelet.conf", "admin.conf")) {
            Files.setLastModifiedTime(sandbox.root.resolve("etc/kubernetes/" + file),
                    FileTime.from(Instant.now().minus(2, ChronoUnit.MINUTES)));
        }

        Report report = engine.apply(catalog, sandbox.host);

        assertThat(report.resources().get(0).state()).isEqualTo("failed");
        assertThat(report.resources().get(0).message())
                .contains("/etc/kubernetes/manifests/kube-apiserver.yaml missing");
    }

    @Test
    void aFailingStepReportsExitCodeDurationPreflightChecksAndRedactedOutput() {
        sandbox("127.0.0.1").kubeadm.failing(3, "[preflight] Running pre-flight checks\n"
                + "[ERROR Swap]: running with swap on is not supported. Please disable swap\n"
                + "[ERROR Port-10250]: Port 10250 is in use\n"
                + "error execution phase preflight: token " + FakeKubeadm.TOKEN + " refused\n");

        Report report = engine.apply(EngineHarness.catalogOf(joinWorker(600)), sandbox.host);

        String message = report.resources().get(0).message();
        assertThat(report.resources().get(0).state()).isEqualTo("failed");
        assertThat(message).matches("(?s)kubeadm join exited 3 after \\d+\\.\\d s; preflight checks failed: "
                + "Swap: running with swap on is not supported\\. Please disable swap; Port-10250: Port 10250 is in "
                + "use; last output:\n.*")
                .contains("error execution phase preflight: token abcdef.<redacted> refused")
                .doesNotContain(FakeKubeadm.TOKEN_SECRET);
    }

    @Test
    void aStepPastItsTimeoutIsKilledWithItsWholeProcessGroupAndFailed() {
        sandbox("127.0.0.1").kubeadm.hanging();
        long started = System.nanoTime();

        Report report = engine.apply(EngineHarness.catalogOf(joinWorker(5)), sandbox.host);

        assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(30);
        assertThat(report.resources().get(0).state()).isEqualTo("failed");
        assertThat(report.resources().get(0).message()).startsWith("kubeadm join timed out after 5 s and was killed "
                + "with its process group; last output:\n[preflight] Running pre-flight checks");
        long child = sandbox.kubeadm.hungChildPid().orElseThrow();
        assertThat(ProcessAlive.of(child)).as("the orphaned child %d of the killed step", child).isFalse();
    }

    @Test
    void resetRemovesWhatInitLeftAndIsThenInSync() {
        sandbox("127.0.0.1").kubeadm.controlPlane();
        engine.apply(EngineHarness.catalogOf(init(600)), sandbox.host);
        NodeCatalog reset = EngineHarness.catalogOf(new KubeadmSpec("node", "reset", "control-plane", null, 2, 120,
                null, null, null, List.of()));

        Report plan = engine.plan(reset, sandbox.host);
        assertThat(plan.changes()).containsExactly("- kubeadm:node run kubeadm reset --force (left: "
                + "/etc/kubernetes/kubelet.conf, /etc/kubernetes/admin.conf, /etc/kubernetes/super-admin.conf, "
                + "/etc/kubernetes/manifests/kube-apiserver.yaml)");

        engine.assertIdempotent(reset, sandbox.host);
        assertThat(sandbox.kubeadm.calls()).extracting(call -> call.substring(0, call.indexOf(" |")))
                .containsExactly("init --config " + CONFIG, "reset --force");
    }
}
