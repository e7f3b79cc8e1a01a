package io.kubenode.controller.systemtest;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What a test node downloads, for a test's HTTPS server to serve: the signed apt repository with the stand-in
 * kubelet, kubeadm and kubectl (deploy/vm/apt-repo.sh), the real containerd, runc and CNI archives cached with the
 * test image (its artifacts/ directory), and a stand-in flannel manifest (the agent only downloads and keeps it).
 * The repository may also hold real Debian packages a catalog installs from it (keepalived, haproxy).
 * {@link #documentValues()} are the versions and sums a cluster document names them by.
 */
public final class ClusterDownloads {
    private final Map<String, byte[]> served;
    private final Properties artifacts;
    private final String kubernetesVersion;

    private ClusterDownloads(Map<String, byte[]> served, Properties artifacts, String kubernetesVersion) {
        this.served = served;
        this.artifacts = artifacts;
        this.kubernetesVersion = kubernetesVersion;
    }

    /** Builds a fresh signed repository in {@code aptDir} (stand-ins at {@code kubernetesVersion}) and reads both. */
    public static ClusterDownloads build(Path aptDir, Path artifactsDir, String kubernetesVersion)
            throws IOException, InterruptedException {
        return build(aptDir, artifactsDir, kubernetesVersion, List.of());
    }

    /**
     * As above, with {@code debs} (Debian's own packages, e.g. from {@link DebianPackages}) in the repository beside
     * the stand-ins, signed as one repository: the only apt source the test hosts have.
     */
    public static ClusterDownloads build(Path aptDir, Path artifactsDir, String kubernetesVersion, List<Path> debs)
            throws IOException, InterruptedException {
        return build(aptDir, artifactsDir, kubernetesVersion, debs, Map.of());
    }

    /**
     * As above, with the stand-ins' programs from {@code standInBin} (kubelet, kubeadm, kubectl, kubelet.service:
     * {@link SimulatorStandIns}) instead of the ones that only print their version.
     */
    public static ClusterDownloads build(Path aptDir, Path artifactsDir, String kubernetesVersion, List<Path> debs,
                                         Path standInBin) throws IOException, InterruptedException {
        return build(aptDir, artifactsDir, kubernetesVersion, debs, Map.of("KUBENODE_STAND_IN_BIN",
                standInBin.toString()));
    }

    private static ClusterDownloads build(Path aptDir, Path artifactsDir, String kubernetesVersion, List<Path> debs,
                                          Map<String, String> environment) throws IOException, InterruptedException {
        for (String program : List.of("dpkg-deb", "apt-ftparchive", "gpg")) {
            ExternalCommand.require(program);
        }
        List<String> argv = new ArrayList<>(List.of(SeedCluster.repositoryRoot().resolve("deploy/vm/apt-repo.sh")
                .toString(), aptDir.toString(), kubernetesVersion));
        debs.forEach(deb -> argv.add(deb.toString()));
        ExternalCommand.Result built = ExternalCommand.run(argv, Duration.ofMinutes(2), environment);
        System.out.print(built.stdout());
        System.out.print(built.stderr());
        if (built.exitCode() != 0) {
            throw new AssertionError(built.describe());
        }
        return read(aptDir, artifactsDir, kubernetesVersion);
    }

    /** Reads a repository apt-repo.sh built and the image's artifacts directory. */
    public static ClusterDownloads read(Path aptDir, Path artifactsDir, String kubernetesVersion)
            throws IOException {
        Properties artifacts = new Properties();
        try (InputStream in = Files.newInputStream(artifactsDir.resolve("artifacts.env"))) {
            artifacts.load(in);
        }
        Map<String, byte[]> served = new HashMap<>();
        try (Stream<Path> repository = Files.list(aptDir.resolve("repo"))) {
            for (Path file : repository.toList()) {
                served.put("/repo/" + file.getFileName(), Files.readAllBytes(file));
            }
        }
        served.put("/Release.key", Files.readAllBytes(aptDir.resolve("Release.key")));
        try (Stream<Path> packed = Files.list(artifactsDir)) {
            for (Path file : packed.filter(file -> !file.getFileName().toString().endsWith(".env")).toList()) {
                served.put("/" + file.getFileName(), Files.readAllBytes(file));
            }
        }
        served.put("/kube-flannel.yml", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: kube-flannel\n"
                .getBytes(StandardCharsets.UTF_8));
        ClusterDownloads downloads = new ClusterDownloads(served, artifacts, kubernetesVersion);
        String containerd = downloads.served.get(containerdPath(downloads.artifact("CONTAINERD_VERSION"))) == null
                ? null : sha256(downloads.served.get(containerdPath(downloads.artifact("CONTAINERD_VERSION"))));
        if (!downloads.artifact("CONTAINERD_SHA256").equals(containerd)) {
            throw new AssertionError("the cached containerd archive is not the one artifacts.env describes");
        }
        return downloads;
    }

    /** The files by URL path; a test may add its own (a changed copy of an archive) before serving. */
    public Map<String, byte[]> served() {
        return served;
    }

    /** A value of the image's artifacts.env (versions and sums of the cached archives). */
    public String artifact(String key) {
        String value = artifacts.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new AssertionError(key + " is missing from the image's artifacts.env");
        }
        return value;
    }

    /**
     * KUBERNETES_VERSION, REPO_KEY_SHA256, CONTAINERD_/RUNC_/CNI_ VERSION and SHA256, MANIFEST_SHA256 and the URL
     * paths CONTAINERD_PATH, RUNC_PATH, CNI_PATH.
     */
    public Map<String, String> documentValues() {
        Map<String, String> values = new HashMap<>();
        values.put("KUBERNETES_VERSION", kubernetesVersion);
        values.put("REPO_KEY_SHA256", sha256(served.get("/Release.key")));
        for (String key : List.of("CONTAINERD_VERSION", "CONTAINERD_SHA256", "RUNC_VERSION", "RUNC_SHA256",
                "CNI_VERSION", "CNI_SHA256")) {
            values.put(key, artifact(key));
        }
        values.put("MANIFEST_SHA256", sha256(served.get("/kube-flannel.yml")));
        values.put("CONTAINERD_PATH", containerdPath(artifact("CONTAINERD_VERSION")));
        values.put("RUNC_PATH", runcPath(artifact("RUNC_VERSION")));
        values.put("CNI_PATH", "/cni-plugins-linux-amd64-v" + artifact("CNI_VERSION") + ".tgz");
        return values;
    }

    public static String runcPath(String version) {
        return "/runc-" + version + ".amd64";
    }

    public static String containerdPath(String version) {
        return "/containerd-" + version + "-linux-amd64.tar.gz";
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
