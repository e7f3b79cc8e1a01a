package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A host bridge the test containers' veths join, with its own /28 of 192.0.2.128/25 so the host reaches every
 * container directly. This machine's eth0 sits on 192.0.2.0/24 (gateway .1, itself .2): the upper half's more
 * specific routes shadow addresses nothing there uses. Eight slots, each held by a lock file for the bridge's life,
 * so test classes running at the same time (in this JVM or another) never share a subnet or a bridge name; a lock
 * dies with its process, and a bridge a killed run left under the slot's name is replaced.
 */
final class TestBridge implements AutoCloseable {
    private static final Path LOCKS = Path.of("/run/kubenode-nspawn");
    private static final int SLOTS = 8;
    private static final int SLOT_SIZE = 16;
    private static final int FIRST_SLOT_BASE = 128;
    /** .0 is the network, +1 the bridge, +15 the broadcast. */
    private static final int HOSTS_PER_SLOT = SLOT_SIZE - 3;

    private final int slot;
    private final String name;
    private final FileChannel lockFile;
    private final FileLock lock;
    private int nextHost;
    /** Addresses given out from the top of the slot, for addresses no container is configured with (a VIP). */
    private int virtualAddresses;
    private boolean closed;

    private TestBridge(int slot, FileChannel lockFile, FileLock lock) {
        this.slot = slot;
        this.name = "kn-nspawn" + slot;
        this.lockFile = lockFile;
        this.lock = lock;
    }

    /** Takes a free slot and creates its bridge, up, with the host's address. */
    static TestBridge create() throws IOException, InterruptedException {
        ExternalCommand.require("ip");
        Files.createDirectories(LOCKS);
        for (int slot = 0; slot < SLOTS; slot++) {
            FileChannel channel = FileChannel.open(LOCKS.resolve("slot-" + slot + ".lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                continue;
            }
            TestBridge bridge = new TestBridge(slot, channel, lock);
            try {
                bridge.createLink();
                return bridge;
            } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
                bridge.close();
                throw e;
            }
        }
        throw new AssertionError("all " + SLOTS + " test bridge slots are taken (locks in " + LOCKS + ")");
    }

    String name() {
        return name;
    }

    /** The host's address on the bridge: what a container reaches the host (a controller, a repository) at. */
    String hostAddress() {
        return address(1);
    }

    int prefixLength() {
        return 28;
    }

    /** The next free container address in this bridge's subnet. */
    synchronized String allocateAddress() {
        requireFreeAddress();
        return address(2 + nextHost++);
    }

    /**
     * A free address of this bridge's subnet that no container is configured with, from the top of the slot down
     * (container addresses grow from the bottom): a virtual IP that hosts on the bridge hand over between them.
     */
    synchronized String allocateVirtualAddress() {
        requireFreeAddress();
        return address(1 + HOSTS_PER_SLOT - virtualAddresses++);
    }

    private void requireFreeAddress() {
        if (nextHost + virtualAddresses >= HOSTS_PER_SLOT) {
            throw new AssertionError("bridge " + name + " has no free address left (" + HOSTS_PER_SLOT + " hosts)");
        }
    }

    private String address(int offset) {
        return "192.0.2." + (FIRST_SLOT_BASE + slot * SLOT_SIZE + offset);
    }

    private void createLink() throws IOException, InterruptedException {
        if (exists()) {
            ip("link", "del", name);
        }
        ip("link", "add", name, "type", "bridge");
        ip("address", "add", hostAddress() + "/" + prefixLength(), "dev", name);
        ip("link", "set", name, "up");
    }

    boolean exists() throws IOException, InterruptedException {
        return ExternalCommand.run(List.of("ip", "link", "show", "dev", name)).exitCode() == 0;
    }

    /** Deletes the bridge (its address and route go with it) and frees the slot. Idempotent. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (closed) {
            return;
        }
        try {
            if (exists()) {
                ip("link", "del", name);
            }
        } finally {
            closed = true;
            lock.release();
            lockFile.close();
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
            return null;
        }
    }

    private static void ip(String... arguments) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(arguments));
        Commands.check(argv, Duration.ofSeconds(30));
    }
}
