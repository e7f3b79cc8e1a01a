package io.kubenode.controller.api;

import io.kubenode.common.config.KubenodeConfig;
import io.kubenode.common.document.ReadResult;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.store.Store;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link ApiTestServer} for tests outside this package (kubenodectl's): a real controller API on a free loopback
 * port, with the admin.conf `init` wrote pointed at that port.
 */
public final class TestController {
    private final ApiTestServer server;

    public TestController(Path dir) throws Exception {
        server = new ApiTestServer(dir);
    }

    public String url() {
        return "https://127.0.0.1:" + server.port;
    }

    public InitLayout layout() {
        return server.layout;
    }

    public CertificateAuthority ca() {
        return server.ca;
    }

    public Store store() {
        return server.store;
    }

    /** A copy of init's admin.conf whose server is this controller's URL; everything else as init wrote it. */
    public Path adminConfig(Path file) throws Exception {
        ReadResult<KubenodeConfig> read = KubenodeConfig.read(Files.readAllBytes(server.layout.adminConfig()));
        KubenodeConfig config = ((ReadResult.Read<KubenodeConfig>) read).value();
        KubenodeConfig here = new KubenodeConfig(config.apiVersion(), config.kind(), url(),
                config.certificateAuthority(), config.clientCertificate(), config.clientKey());
        return Files.writeString(file, here.toYaml());
    }

    /** The orchestration record the API shows (in memory); set it to show a bring-up. */
    public FakeOrchestrationView orchestration() {
        return server.orchestration;
    }

    /** The rollout the API shows and acts on (in memory); set it to show one. */
    public FakeRolloutControl rollouts() {
        return server.rollouts;
    }

    public ControllerServices services() {
        return server.services;
    }

    /** PUTs deploy/examples/cluster.yaml as the admin (with curl), as the first revision. */
    public void applyExample() throws Exception {
        ApiTestServer.Answer put = server.curl("admin", "PUT", "/api/v1/cluster", SeedCluster.exampleFile(),
                "Content-Type: application/yaml");
        if (put.status() != 200) {
            throw new IllegalStateException("PUT /api/v1/cluster: " + put.status() + " " + put.body());
        }
    }

    public void stop() throws Exception {
        server.close();
    }
}
