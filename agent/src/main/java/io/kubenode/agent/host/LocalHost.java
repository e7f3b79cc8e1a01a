package io.kubenode.agent.host;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The real machine (root "/") or a directory standing in for one; commands really run. Maps host paths under the
 * root and turns I/O errors into HostExceptions naming the host path; the work is done by {@link AtomicFiles},
 * {@link ProcessRunner}, {@link FileLocks} and {@link PosixAttributes}. Subclasses (the sandbox, test fakes)
 * override the public methods, {@link #pathOf} and {@link #applyAttributes}.
 */
public class LocalHost implements Host {
    private final Path root;
    private final HttpsFetcher fetcher;
    private final HttpsProbe httpsProbe = new HttpsProbe();
    private final EtcdGateway etcdGateway = new EtcdGateway();
    // Bound to this object, so a subclass's applyAttributes also applies to atomically written files.
    private final AtomicFiles atomicFiles = new AtomicFiles(this::applyAttributes);

    public LocalHost(Path root) {
        this(root, HttpsFetcher.standard());
    }

    /** A host whose downloads use the given fetcher (tests: their own CA and quick retries). */
    public LocalHost(Path root, HttpsFetcher fetcher) {
        this.root = root.toAbsolutePath().normalize();
        this.fetcher = fetcher;
    }

    public static LocalHost machine() {
        return new LocalHost(Path.of("/"));
    }

    public Path root() {
        return root;
    }

    /**
     * The file system path a host path really names under the root, every symbolic link followed as if the root
     * were "/" ({@link #realPath}); refuses relative paths and paths climbing out.
     */
    protected Path pathOf(String hostPath) throws HostException {
        return root.resolve(realPath(hostPath).substring(1));
    }

    /** Like {@link #pathOf}, but a link in the last component is the result: delete or replace the link itself. */
    protected Path linkPathOf(String hostPath) throws HostException {
        checkedUnderRoot(hostPath);
        return root.resolve(RootedPaths.resolve(root, hostPath, false).substring(1));
    }

    @Override
    public String realPath(String hostPath) throws HostException {
        checkedUnderRoot(hostPath);
        return RootedPaths.resolve(root, hostPath, true);
    }

    private void checkedUnderRoot(String hostPath) throws HostException {
        if (hostPath == null || !hostPath.startsWith("/")) {
            throw new HostException("not an absolute path: " + hostPath);
        }
        if (!root.resolve(hostPath.substring(1)).normalize().startsWith(root)) {
            throw new HostException("path escapes the root " + root + ": " + hostPath);
        }
    }

    @Override
    public Optional<byte[]> read(String hostPath) throws HostException {
        return read(hostPath, READ_MAX_BYTES);
    }

    @Override
    public Optional<byte[]> read(String hostPath, long maxBytes) throws HostException {
        Path path = pathOf(hostPath);
        try (InputStream in = Files.newInputStream(path)) {
            // Not Files.readAllBytes: for a file reporting size 0 (all of /proc) it reads one byte, then the rest
            // from offset 1, and /proc/sys integer files answer a read at an offset with EOF: "65530" came back
            // as "6" (Linux 6.1). One large first read gets the whole value.
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new HostException(hostPath + " is larger than the " + maxBytes + " bytes the agent reads;"
                        + " not read");
            }
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HostException("cannot read " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<FileStat> stat(String hostPath) throws HostException {
        Path path = pathOf(hostPath);
        try {
            return Optional.of(PosixAttributes.stat(path));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new HostException("cannot stat " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list(String hostPath) throws HostException {
        Path path = pathOf(hostPath);
        try (Stream<Path> entries = Files.list(path)) {
            return entries.map(entry -> entry.getFileName().toString()).sorted().toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new HostException("cannot list " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeAtomically(String hostPath, byte[] content, FileAttributes attributes) throws HostException {
        replaceAtomically(hostPath, new ByteArrayInputStream(content), attributes);
    }

    @Override
    public void writeAtomically(String hostPath, InputStream content, FileAttributes attributes)
            throws HostException {
        replaceAtomically(hostPath, content, attributes);
    }

    /** Shared by both writeAtomically variants, so a subclass overriding one does not intercept the other. */
    private void replaceAtomically(String hostPath, InputStream content, FileAttributes attributes)
            throws HostException {
        Path target = pathOf(hostPath);
        try {
            atomicFiles.replace(target, content, attributes);
        } catch (AtomicMoveNotSupportedException e) {
            throw new HostException("cannot replace " + hostPath + " atomically: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new HostException("cannot write " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void writeInPlace(String hostPath, byte[] content) throws HostException {
        Path path = pathOf(hostPath);
        try {
            Files.write(path, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new HostException("cannot write " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void setAttributes(String hostPath, FileAttributes attributes) throws HostException {
        try {
            applyAttributes(pathOf(hostPath), attributes);
        } catch (IOException e) {
            throw new HostException("cannot set attributes of " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createDirectories(String hostPath) throws HostException {
        try {
            Files.createDirectories(pathOf(hostPath));
        } catch (FileAlreadyExistsException e) {
            throw new HostException(hostPath + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new HostException("cannot create " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String hostPath) throws HostException {
        try {
            Files.deleteIfExists(linkPathOf(hostPath));
        } catch (IOException e) {
            throw new HostException("cannot delete " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws HostException {
        return ProcessRunner.run(argv, timeout);
    }

    @Override
    public Optional<HostLock> tryLock(String hostPath) throws HostException {
        Path path = pathOf(hostPath);
        try {
            return FileLocks.tryLock(path);
        } catch (IOException e) {
            throw new HostException("cannot lock " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public HostWatch watch(List<String> hostPaths) throws HostException {
        Map<Path, String> files = new HashMap<>();
        for (String hostPath : hostPaths) {
            files.put(pathOf(hostPath), hostPath);
        }
        try {
            return new FileWatch(files);
        } catch (IOException e) {
            throw new HostException("cannot watch " + hostPaths + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String commandPath(String hostPath) throws HostException {
        return pathOf(hostPath).toString();
    }

    @Override
    public InputStream openRead(String hostPath) throws HostException {
        try {
            return Files.newInputStream(pathOf(hostPath));
        } catch (IOException e) {
            throw new HostException("cannot read " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void createSymlink(String hostPath, String target) throws HostException {
        Path link = linkPathOf(hostPath);
        try {
            atomicFiles.replaceSymlink(link, target);
        } catch (IOException e) {
            throw new HostException("cannot link " + hostPath + " -> " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Download download(String url, String expectedSha256, String cacheHostPath, long maxBytes)
            throws HostException {
        return fetcher.fetch(url, pathOf(cacheHostPath), cacheHostPath, maxBytes);
    }

    @Override
    public ProbeResult probeUnixSocketHttp2(String socketHostPath, Duration timeout) throws HostException {
        return UnixSocketHttp2Probe.probe(pathOf(socketHostPath), socketHostPath, timeout);
    }

    @Override
    public ProbeResult probeHaproxyServer(String socketHostPath, String backend, String server, Duration timeout)
            throws HostException {
        return HaproxyStatsProbe.probe(pathOf(socketHostPath), socketHostPath, backend, server, timeout);
    }

    @Override
    public ProbeResult probeHttps(String url, String caFileHostPath, Duration timeout) throws HostException {
        if (caFileHostPath == null) {
            return httpsProbe.probe(url, null, "the JDK trust store", timeout);
        }
        Optional<byte[]> ca = read(caFileHostPath);
        if (ca.isEmpty()) {
            return ProbeResult.unhealthy("CA file " + caFileHostPath + " does not exist (yet)");
        }
        return httpsProbe.probe(url, ca.get(), caFileHostPath, timeout);
    }

    @Override
    public ProbeResult probeHttp(String url, Duration timeout) throws HostException {
        return DirectProbe.probeHttp(url, timeout);
    }

    /** The PEM files are read under the root (a sandbox's own etcd PKI); the network is the real one. */
    @Override
    public EtcdGatewayAnswer etcdGateway(String endpoint, String path, String jsonBody, String caFile,
                                         String certFile, String keyFile, Duration timeout) throws HostException {
        return etcdGateway.post(endpoint, path, jsonBody, EtcdGateway.Credentials.read(this, caFile, certFile,
                keyFile), timeout);
    }

    /**
     * Runs a real process with {@code environment} added to the agent's, in a process group of its own killed whole
     * at the timeout; for subclasses that run some commands for real (the sandbox's simulators).
     */
    protected CommandResult runProcess(List<String> argv, Map<String, String> environment, Duration timeout)
            throws HostException {
        return ProcessRunner.run(argv, environment, timeout);
    }

    @Override
    public boolean sandbox() {
        return false;
    }

    /** Where all attribute changes go, including those of files written atomically; the sandbox overrides it. */
    /** The path a write ends up at: the target of an atomic write's temporary file, else the path itself. */
    protected static Path finalPathOf(Path written) {
        return AtomicFiles.targetOf(written);
    }

    protected void applyAttributes(Path path, FileAttributes attributes) throws IOException {
        PosixAttributes.apply(path, attributes);
    }

    public static String toMode(Set<PosixFilePermission> permissions) {
        return PosixAttributes.toMode(permissions);
    }

    public static Set<PosixFilePermission> toPermissions(String mode) {
        return PosixAttributes.toPermissions(mode);
    }
}
