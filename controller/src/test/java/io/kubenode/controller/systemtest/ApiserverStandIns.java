package io.kubenode.controller.systemtest;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * An apiserver stand-in on each control plane of an {@link NspawnCluster}, where kubeadm never runs: a real TLS
 * server (systemtest/apiserver-stand-in.py, Python's http.server with ssl; python3 is there as firewalld's
 * interpreter) answering GET /healthz and /readyz with 200 on the node's address and the apiserver port, run by the
 * container's systemd as the transient unit {@value #UNIT}. Its certificate (for the node's address, name and the
 * endpoint's DNS name) is signed by a CA made for this run, written as kubeadm writes them: the CA to
 * {@value #CLUSTER_CA} in every control plane, where keepalived's check script verifies the endpoint with it.
 * haproxy's own checks do not verify it ({@code verify none}: HaproxyCfg says why), only that /healthz says 200.
 */
final class ApiserverStandIns implements AutoCloseable {
    static final String UNIT = "apiserver-stand-in";
    static final String CLUSTER_CA = "/etc/kubernetes/pki/ca.crt";
    private static final String PKI = "/etc/kubernetes/pki";
    private static final String SCRIPT = "/usr/local/lib/apiserver-stand-in.py";

    private final List<NspawnHost> controlPlanes;
    private final int port;
    private final Path work;
    private final Path caFile;

    private ApiserverStandIns(List<NspawnHost> controlPlanes, int port, Path work) {
        this.controlPlanes = controlPlanes;
        this.port = port;
        this.work = work;
        this.caFile = work.resolve("ca.crt");
    }

    /**
     * Writes the CA, each node's certificate and the server to every control plane and starts them; {@code
     * endpointHost} is the controlPlaneEndpoint's DNS name, {@code port} the apiserver port haproxy checks.
     */
    static ApiserverStandIns start(List<NspawnHost> controlPlanes, String endpointHost, int port)
            throws IOException, InterruptedException {
        ApiserverStandIns standIns = new ApiserverStandIns(controlPlanes, port,
                Files.createTempDirectory("kubenode-apiserver-stand-ins"));
        CertificateAuthority ca = CertificateAuthority.create("kubenode nspawn test cluster CA");
        Files.writeString(standIns.caFile, Pem.write(ca.certificate()));
        Path script = standIns.work.resolve("apiserver-stand-in.py");
        try (InputStream in = Objects.requireNonNull(ApiserverStandIns.class.getResourceAsStream(
                "/systemtest/apiserver-stand-in.py"), "test resource systemtest/apiserver-stand-in.py")) {
            Files.copy(in, script);
        }
        for (NspawnHost host : controlPlanes) {
            KeyPair key = KeyPairs.ecP256();
            Path hostDir = Files.createDirectories(standIns.work.resolve(host.hostname()));
            Files.writeString(hostDir.resolve("apiserver.crt"), Pem.write(ca.issueServer(key.getPublic(),
                    "kube-apiserver", List.of(host.address(), host.hostname(), endpointHost), Duration.ofDays(1))));
            Files.writeString(hostDir.resolve("apiserver.key"), Pem.write(key.getPrivate()));
            host.copyIn(standIns.caFile, CLUSTER_CA);
            host.copyIn(hostDir.resolve("apiserver.crt"), PKI + "/apiserver.crt");
            host.copyIn(hostDir.resolve("apiserver.key"), PKI + "/apiserver.key");
            host.check("chmod", "0644", CLUSTER_CA, PKI + "/apiserver.crt");
            host.check("chmod", "0600", PKI + "/apiserver.key");
            host.copyIn(script, SCRIPT);
            standIns.start(host);
        }
        return standIns;
    }

    /** The test CA on this host: what a client of the endpoint verifies the stand-ins' certificates with. */
    Path caFile() {
        return caFile;
    }

    /** Starts {@code host}'s stand-in as the transient unit (collected when it stops, so it can start again). */
    void start(NspawnHost host) throws IOException, InterruptedException {
        host.check("systemd-run", "--unit=" + UNIT, "--collect", "--property=Restart=no", "python3", SCRIPT,
                host.address(), String.valueOf(port), PKI + "/apiserver.crt", PKI + "/apiserver.key");
    }

    /** Stops {@code host}'s stand-in by its unit; its port then refuses connections. */
    void stop(NspawnHost host) throws IOException, InterruptedException {
        host.check("systemctl", "stop", UNIT);
    }

    /** Stops every stand-in this started (a powered-off host has none left). */
    @Override
    public void close() throws IOException {
        Cleanup cleanup = new Cleanup();
        for (NspawnHost host : controlPlanes) {
            cleanup.run(() -> host.run("systemctl", "stop", UNIT));
        }
        cleanup.run(() -> Commands.check("rm", "-rf", work.toString()));
        cleanup.throwFirst();
    }
}
