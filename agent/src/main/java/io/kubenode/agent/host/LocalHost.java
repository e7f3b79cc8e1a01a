package io.kubenode.agent.host;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/** The real machine (root "/") or a directory standing in for one; commands really run. */
public class LocalHost implements Host {
    private static final PosixFilePermission[] MODE_BITS = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    private final Path root;
    private final HttpsFetcher fetcher;
    private final HttpsProbe httpsProbe = new HttpsProbe();

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

    /** The file system path of a host path under the root; refuses relative paths and paths climbing out. */
    protected Path pathOf(String hostPath) throws HostException {
        if (hostPath == null || !hostPath.startsWith("/")) {
            throw new HostException("not an absolute path: " + hostPath);
        }
        Path resolved = root.resolve(hostPath.substring(1)).normalize();
        if (!resolved.startsWith(root)) {
            throw new HostException("path escapes the root " + root + ": " + hostPath);
        }
        return resolved;
    }

    @Override
    public Optional<byte[]> read(String hostPath) throws HostException {
        Path path = pathOf(hostPath);
        try {
            return Optional.of(Files.readAllBytes(path));
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
            PosixFileAttributes attributes = Files.readAttributes(path, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return Optional.of(new FileStat(attributes.isDirectory(), toMode(attributes.permissions()),
                    attributes.owner().getName(), attributes.group().getName(), attributes.size()));
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
        Path target = pathOf(hostPath);
        Path directory = target.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(directory);
            temporary = Files.createTempFile(directory, "." + target.getFileName() + ".", ".kubenode-tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            applyAttributes(temporary, attributesFor(target, attributes));
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new HostException("cannot replace " + hostPath + " atomically: " + e.getMessage(), e);
            }
            temporary = null;
            fsyncDirectory(directory);
        } catch (IOException e) {
            throw new HostException("cannot write " + hostPath + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /** A new file gets the requested attributes; an existing file keeps what the request leaves unset. */
    private FileAttributes attributesFor(Path target, FileAttributes requested) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            PosixFileAttributes current = Files.readAttributes(target, PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return new FileAttributes(
                    requested.mode() != null ? requested.mode() : toMode(current.permissions()),
                    requested.owner() != null ? requested.owner() : current.owner().getName(),
                    requested.group() != null ? requested.group() : current.group().getName());
        }
        return new FileAttributes(requested.mode() != null ? requested.mode() : "0644", requested.owner(),
                requested.group());
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
            Files.deleteIfExists(pathOf(hostPath));
        } catch (IOException e) {
            throw new HostException("cannot delete " + hostPath + ": " + e.getMessage(), e);
        }
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws HostException {
        long started = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).start();
        } catch (IOException e) {
            throw new HostException(String.join(" ", argv) + ": cannot start: " + e.getMessage(), e);
        }
        CompletableFuture<String> stdout = drain(process.getInputStream());
        CompletableFuture<String> stderr = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new HostException(String.join(" ", argv) + ": timed out after " + timeout.toSeconds() + " s");
            }
            return new CommandResult(argv, process.exitValue(), stdout.get(5, TimeUnit.SECONDS),
                    stderr.get(5, TimeUnit.SECONDS), Duration.ofNanos(System.nanoTime() - started));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostException(String.join(" ", argv) + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new HostException(String.join(" ", argv) + ": cannot read its output: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<HostLock> tryLock(String hostPath) throws HostException {
        Path path = pathOf(hostPath);
        FileChannel channel = null;
        try {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            FileChannel held = channel;
            channel.truncate(0);
            channel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            return Optional.of(() -> {
                try {
                    // Emptied on release: the PID of a holder that is gone would only mislead.
                    held.truncate(0);
                    held.close();
                } catch (IOException ignored) {
                    // closing releases the lock; nothing else to do
                }
            });
        } catch (java.nio.channels.OverlappingFileLockException e) {
            closeQuietly(channel);
            return Optional.empty();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new HostException("cannot lock " + hostPath + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is reported
            }
        }
    }

    @Override
    public HostWatch watch(List<String> hostPaths) throws HostException {
        java.util.Map<Path, String> files = new java.util.HashMap<>();
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
    public void writeAtomically(String hostPath, InputStream content, FileAttributes attributes)
            throws HostException {
        Path target = pathOf(hostPath);
        Path temporary = null;
        try {
            Files.createDirectories(target.getParent());
            temporary = Files.createTempFile(target.getParent(), "." + target.getFileName() + ".", ".kubenode-tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                content.transferTo(java.nio.channels.Channels.newOutputStream(channel));
                channel.force(true);
            }
            applyAttributes(temporary, attributesFor(target, attributes));
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temporary = null;
            fsyncDirectory(target.getParent());
        } catch (IOException e) {
            throw new HostException("cannot write " + hostPath + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    @Override
    public void createSymlink(String hostPath, String target) throws HostException {
        Path link = pathOf(hostPath);
        Path temporary = link.resolveSibling("." + link.getFileName() + ".kubenode-link");
        try {
            Files.createDirectories(link.getParent());
            Files.deleteIfExists(temporary);
            Files.createSymbolicLink(temporary, Path.of(target));
            Files.move(temporary, link, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new HostException("cannot link " + hostPath + " -> " + target + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Download download(String url, String expectedSha256, String cacheHostPath) throws HostException {
        return fetcher.fetch(url, pathOf(cacheHostPath), cacheHostPath);
    }

    @Override
    public ProbeResult probeUnixSocketHttp2(String socketHostPath, Duration timeout) throws HostException {
        return UnixSocketHttp2Probe.probe(pathOf(socketHostPath), socketHostPath, timeout);
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
    public boolean sandbox() {
        return false;
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    protected void applyAttributes(Path path, FileAttributes attributes) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                LinkOption.NOFOLLOW_LINKS);
        if (attributes.mode() != null) {
            view.setPermissions(toPermissions(attributes.mode()));
        }
        UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
        if (attributes.owner() != null && !attributes.owner().equals(view.readAttributes().owner().getName())) {
            view.setOwner(lookup.lookupPrincipalByName(attributes.owner()));
        }
        if (attributes.group() != null && !attributes.group().equals(view.readAttributes().group().getName())) {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(attributes.group());
            view.setGroup(group);
        }
    }

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: a leftover temporary file never replaces the target
            }
        }
    }

    public static String toMode(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if (permissions.contains(MODE_BITS[bit])) {
                mode |= 1 << bit;
            }
        }
        return String.format("%04o", mode);
    }

    public static Set<PosixFilePermission> toPermissions(String mode) {
        int bits = Integer.parseInt(mode, 8);
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        for (int bit = 0; bit < MODE_BITS.length; bit++) {
            if ((bits & (1 << bit)) != 0) {
                permissions.add(MODE_BITS[bit]);
            }
        }
        return permissions;
    }
}
