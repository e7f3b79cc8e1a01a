package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The test hosts of one test class: systemd-nspawn containers booted from the project's cached test image (the
 * one the QEMU test boots), each on its own overlay of the read-only image, all on one bridge of their own that
 * this host reaches directly. Open it in {@code @BeforeAll}, close it in {@code @AfterAll}: closing powers every
 * container off (killing by PID what does not stop), unmounts every overlay and the image, deletes the bridge and
 * the temporary directory, and keeps each container's console log in {@code target/nspawn/logs}.
 * <p>
 * Needs root, {@code systemd-nspawn} (Debian's systemd-container; deploy/test.sh installs it), {@code nsenter},
 * {@code ip} and loop devices. This host's PID 1 need not be systemd: nspawn runs with {@code --register=no
 * --keep-unit}.
 */
public final class NspawnHosts implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path work;
    private final Path logs;
    private final String prefix;
    private final List<NspawnHost> hosts = new ArrayList<>();
    private final Thread shutdownHook = new Thread(this::closeQuietly, "nspawn-hosts-cleanup");
    private ImageMount image;
    private TestBridge bridge;
    private boolean closed;

    private NspawnHosts(Path work, Path logs) {
        this.work = work;
        this.logs = logs;
        // Machine names are unique on this host (they name the veths): a random tag per fixture.
        this.prefix = "kn" + HexFormat.of().formatHex(randomBytes(2));
    }

    /** Builds or links the cached image, mounts it read-only and creates the bridge. */
    public static NspawnHosts open() throws IOException, InterruptedException {
        for (String program : List.of("systemd-nspawn", "nsenter", "ip", "mount", "umount", "tar")) {
            ExternalCommand.require(program);
        }
        Path target = Path.of(System.getProperty("project.basedir", "controller"), "target/nspawn").toAbsolutePath();
        Path logs = Files.createDirectories(target.resolve("logs"));
        NspawnHosts fixture = new NspawnHosts(Files.createTempDirectory("kubenode-nspawn-"), logs);
        Runtime.getRuntime().addShutdownHook(fixture.shutdownHook);
        try {
            fixture.image = ImageMount.mount(target.resolve("image"), fixture.work.resolve("image"));
            fixture.bridge = TestBridge.create();
            return fixture;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            fixture.close();
            throw e;
        }
    }

    /** Prepares a tree for {@code hostname} with the bridge's next address and boots it. */
    public NspawnHost boot(String hostname) throws IOException, InterruptedException {
        NspawnHost host = prepare(hostname, List.of());
        host.boot();
        return host;
    }

    /**
     * {@link #boot} for several hosts at once: the trees are prepared one after the other, the containers boot in
     * parallel. Returns when all are up; the first failure is thrown once every boot has ended.
     */
    public List<NspawnHost> bootAll(List<String> hostnames) throws IOException, InterruptedException {
        return bootAll(hostnames, List.of());
    }

    /** As above, every container started with {@code nspawnOptions} too (bind mounts: {@code --bind-ro=PATH}). */
    public List<NspawnHost> bootAll(List<String> hostnames, List<String> nspawnOptions)
            throws IOException, InterruptedException {
        List<NspawnHost> prepared = new ArrayList<>();
        for (String hostname : hostnames) {
            prepared.add(prepare(hostname, nspawnOptions));
        }
        ExecutorService pool = Executors.newFixedThreadPool(prepared.size());
        try {
            Parallel.onEach(pool, prepared, NspawnHost::boot);
            return prepared;
        } finally {
            pool.shutdownNow();
        }
    }

    private synchronized NspawnHost prepare(String hostname, List<String> nspawnOptions)
            throws IOException, InterruptedException {
        if (closed) {
            throw new IllegalStateException("the nspawn hosts are closed");
        }
        String machine = prefix + "-" + (hosts.size() + 1);
        String address = bridge.allocateAddress();
        ContainerCgroups cgroups = ContainerCgroups.forMachine(machine);
        Path dir = Files.createDirectories(work.resolve(machine));
        HostTree tree = HostTree.mount(image.root(), dir);
        NspawnHost host = new NspawnHost(machine, hostname, address, bridge.name(), tree, cgroups,
                dir.resolve("console.log"), nspawnOptions);
        hosts.add(host);
        tree.prepare(hostname, address, bridge.prefixLength());
        return host;
    }

    /**
     * A test class's teardown: closes {@code hosts} (null when its set-up failed before opening them) and deletes the
     * class's scratch directory {@code work} (null likewise), the second even when the first fails.
     */
    public static void closeAndDelete(NspawnHosts hosts, Path work) throws IOException, InterruptedException {
        try {
            if (hosts != null) {
                hosts.close();
            }
        } finally {
            if (work != null) {
                Commands.check("rm", "-rf", work.toString());
            }
        }
    }

    /** This host's address on the bridge: where the containers reach a server running in the test JVM. */
    public String hostAddress() {
        return bridge.hostAddress();
    }

    /**
     * An address on the bridge's subnet that no container has and none will get: for a virtual IP the containers
     * move between them (keepalived's), which this host reaches like a container's own.
     */
    public String allocateVirtualAddress() {
        return bridge.allocateVirtualAddress();
    }

    public String bridgeName() {
        return bridge.name();
    }

    /** The temporary directory holding the image mount and every container's overlay. */
    public Path workDirectory() {
        return work;
    }

    /** The image's root tree, mounted read-only (every container's lower layer). */
    public Path imageRoot() {
        return image.root();
    }

    /** The cached image file the read-only lower layer comes from. */
    public Path imageFile() {
        return image.image();
    }

    /**
     * Stops every container, unmounts everything, deletes the bridge and the temporary directory. Every step runs
     * even when an earlier one failed; the first failure is thrown with the others attached. Idempotent.
     */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        closed = true;
        Cleanup cleanup = new Cleanup();
        List<NspawnHost> newestFirst = new ArrayList<>(hosts);
        java.util.Collections.reverse(newestFirst);
        // All shut down at the same time; then each is waited for (and killed if it hangs) and unmounted.
        for (NspawnHost host : newestFirst) {
            cleanup.run(host::requestPoweroff);
        }
        for (NspawnHost host : newestFirst) {
            cleanup.run(host::close);
            cleanup.run(() -> Files.copy(host.consoleLog(), logs.resolve(host.machine() + ".console.log"),
                    StandardCopyOption.REPLACE_EXISTING));
        }
        if (image != null) {
            cleanup.run(image::close);
        }
        if (bridge != null) {
            cleanup.run(bridge::close);
        }
        cleanup.run(this::removeWorkDirectory);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // Called from the hook itself.
        }
        cleanup.throwFirst();
    }

    /** Removes the temporary directory, never through a mount: one still there fails the test instead. */
    private void removeWorkDirectory() throws IOException, InterruptedException {
        List<String> mounts = Mounts.below(work);
        if (!mounts.isEmpty()) {
            throw new AssertionError("still mounted below " + work + ": " + mounts);
        }
        Commands.check(List.of("rm", "-rf", "--one-file-system", work.toString()), Duration.ofMinutes(2));
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception | AssertionError e) {
            System.err.println("nspawn: cleanup at JVM exit failed: " + e);
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
