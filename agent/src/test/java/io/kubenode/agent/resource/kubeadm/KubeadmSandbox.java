package io.kubenode.agent.resource.kubeadm;

import com.sun.net.httpserver.HttpServer;
import io.kubenode.agent.host.TestCa;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A sandbox machine for kubeadm handler tests: the fake kubeadm as its simulator, a real kubelet health endpoint
 * (plain http on the given loopback address) and a real TLS apiserver stand-in whose CA is the root's
 * /etc/kubernetes/pki/ca.crt. Either can be stopped to make a component "not answering".
 */
public final class KubeadmSandbox implements AutoCloseable {
    public final Path root;
    public final FakeKubeadm kubeadm;
    public final SandboxHost host;
    private final HttpServer kubelet;
    private final TestHttpsServer apiserver;

    public KubeadmSandbox(Path directory, String loopback) {
        try {
            this.root = Files.createDirectories(directory.resolve("root"));
            this.kubeadm = FakeKubeadm.create(directory.resolve("fake"));
            this.host = new SandboxHost(root, Simulations.all(), new SandboxSimulators(
                    Map.of("kubeadm", kubeadm.executable()), SandboxSimulators.loopbackAddress(loopback)));
            kubelet = HttpServer.create(new InetSocketAddress(InetAddress.getByName(loopback), 0), 0);
            kubelet.createContext("/healthz", exchange -> {
                exchange.sendResponseHeaders(200, 2);
                exchange.getResponseBody().write("ok".getBytes());
                exchange.close();
            });
            kubelet.start();
            TestCa ca = TestCa.create("kubernetes");
            apiserver = TestHttpsServer.start(ca.serverContext()).route("/readyz", TestHttpsServer.status(200, "ok"));
            Path caFile = root.resolve("etc/kubernetes/pki/ca.crt");
            Files.createDirectories(caFile.getParent());
            Files.write(caFile, ca.certificatePem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The kubelet health URL as the compiler writes it: 127.0.0.1, whatever the sandbox's loopback address. */
    public String kubeletUrl() {
        return "http://127.0.0.1:" + kubelet.getAddress().getPort() + "/healthz";
    }

    public String apiServerUrl() {
        return apiserver.url("/readyz");
    }

    public void stopKubelet() {
        kubelet.stop(0);
    }

    @Override
    public void close() {
        kubelet.stop(0);
        apiserver.close();
    }
}
