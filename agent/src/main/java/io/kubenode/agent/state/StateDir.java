package io.kubenode.agent.state;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.HostLock;
import io.kubenode.agent.identity.NodePki;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.Documents;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The agent's own state (default /var/lib/kubenode-agent): the last good catalog (atomic, checked on read by its
 * content hash, sealed when it holds secrets), the last report, the single-run lock, and after enrollment the node's key and certificates (pki/)
 * and where its controller is (enrollment.yaml).
 */
public final class StateDir {
    public static final String DEFAULT = "/var/lib/kubenode-agent";
    private final Host host;
    private final String dir;

    public StateDir(Host host, String dir) {
        this.host = host;
        this.dir = dir;
    }

    public String path() {
        return dir;
    }

    public String catalogPath() {
        return dir + "/catalog.json";
    }

    public String reportPath() {
        return dir + "/last-report.json";
    }

    public String enrollmentPath() {
        return dir + "/enrollment.yaml";
    }

    /** The node's key and certificates under pki/. */
    public NodePki pki() {
        return new NodePki(host, dir);
    }

    /** Where the controller is and which node this is, for run. */
    public void saveEnrollment(EnrollmentRecord record) throws HostException {
        host.writeAtomically(enrollmentPath(), Documents.toYaml(record).getBytes(StandardCharsets.UTF_8),
                FileAttributes.mode("0600"));
    }

    /** The enrollment record; empty when the node never enrolled; an unreadable one is an error naming the file. */
    public Optional<EnrollmentRecord> loadEnrollment() throws HostException {
        Optional<byte[]> bytes = host.read(enrollmentPath(), DocumentReader.MAX_BYTES);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        EnrollmentRecord.Read read = EnrollmentRecord.read(bytes.get());
        if (!read.ok()) {
            throw new HostException(enrollmentPath() + ": " + String.join("; ",
                    read.problems().stream().map(io.kubenode.common.validation.Problem::render).toList()));
        }
        return Optional.of(read.record());
    }

    /**
     * Keeps a catalog that loaded and passed every check: what the daemon enforces when the controller is away. A
     * catalog holding secret files is sealed ({@link CatalogSeal}), so no secret lies in clear in the state dir.
     */
    public void saveCatalog(NodeCatalog catalog) throws HostException {
        byte[] json = Documents.toJson(catalog).getBytes(StandardCharsets.UTF_8);
        host.writeAtomically(catalogPath(), holdsSecrets(catalog) ? seal().seal(json) : json,
                FileAttributes.mode("0600"));
    }

    /** The cached catalog, when there is one and it still passes every check (a torn or edited one is not used). */
    public Optional<CatalogLoader.Loaded> loadCatalog() throws HostException {
        // Capped while reading: a cached catalog larger than any catalog accepted is not loaded into memory first.
        Optional<byte[]> bytes = host.read(catalogPath(), CatalogLoader.MAX_BYTES + CatalogSeal.OVERHEAD);
        if (bytes.isPresent() && CatalogSeal.isSealed(bytes.get())) {
            return Optional.of(CatalogLoader.load(seal().open(bytes.get(), catalogPath())));
        }
        return bytes.map(CatalogLoader::load);
    }

    private CatalogSeal seal() {
        return new CatalogSeal(host, pki().dir());
    }

    private static boolean holdsSecrets(NodeCatalog catalog) {
        return catalog.spec().resources().stream()
                .anyMatch(resource -> resource.spec() instanceof FileSpec file && file.isSecret());
    }

    public void saveReport(Report report) throws HostException {
        host.writeAtomically(reportPath(), Documents.toJson(report).getBytes(StandardCharsets.UTF_8),
                FileAttributes.mode("0600"));
    }

    /** One agent run at a time per state dir; the lock dies with its holder. */
    public Optional<HostLock> tryLock() throws HostException {
        host.createDirectories(dir);
        return host.tryLock(dir + "/run.lock");
    }

    /** The PID written by the current lock holder, for the message when the lock is taken. */
    public String lockHolder() throws HostException {
        return host.read(dir + "/run.lock").map(bytes -> new String(bytes, StandardCharsets.US_ASCII).strip())
                .filter(pid -> !pid.isEmpty()).orElse("unknown");
    }
}
