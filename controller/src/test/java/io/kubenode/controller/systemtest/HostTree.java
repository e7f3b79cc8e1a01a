package io.kubenode.controller.systemtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One container's root: an overlayfs whose lower layer is the read-only image and whose upper layer (with the
 * container's own writes) lives in the host's directory, so it survives a reboot and costs no copy. Before the
 * first boot it gets what tells one host from another, written like an installer writes it: its hostname,
 * machine-id and static address; and two changes only a container needs (see
 * {@link #prepare}).
 */
final class HostTree implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VM_TEST_UNIT = "kubenode-vm-test.service";

    private final Path dir;
    private final Path root;
    private boolean mounted;

    private HostTree(Path dir) {
        this.dir = dir;
        this.root = dir.resolve("root");
    }

    /** Mounts the overlay in {@code dir} (upper/, work/ and root/ below it). */
    static HostTree mount(Path lower, Path dir) throws IOException, InterruptedException {
        HostTree tree = new HostTree(dir);
        for (String sub : List.of("upper", "work", "root")) {
            Files.createDirectories(dir.resolve(sub));
        }
        Commands.check("mount", "-t", "overlay", "overlay", "-o", "lowerdir=" + lower + ",upperdir="
                + dir.resolve("upper") + ",workdir=" + dir.resolve("work"), tree.root.toString());
        tree.mounted = true;
        return tree;
    }

    Path root() {
        return root;
    }

    /**
     * Gives the tree its identity and network: {@code hostname}, a fresh machine-id (unique per node, as kubeadm
     * wants; this machine's kernel has no DMI, so there is no product_uuid to give, inside or out), and
     * {@code address}/{@code prefixLength} on nspawn's {@code host0} veth through systemd-networkd (no DHCP, no
     * IPv6 link-local: nothing to wait for). Container-only changes: the image's
     * root line leaves /etc/fstab (nspawn provides the root; systemd-remount-fs would fail to find the QEMU disk's
     * label), and the QEMU harness's runner unit is masked (without its io disk it powers the host off).
     */
    void prepare(String hostname, String address, int prefixLength) throws IOException {
        write("etc/hostname", hostname + "\n");
        String hosts = read("etc/hosts").lines().map(line -> line.startsWith("127.0.1.1") ? "127.0.1.1\t" + hostname
                : line).collect(Collectors.joining("\n", "", "\n"));
        write("etc/hosts", hosts);
        write("etc/machine-id", HexFormat.of().formatHex(randomBytes(16)) + "\n");
        String fstab = read("etc/fstab").lines().filter(line -> !line.matches("\\S+\\s+/\\s.*"))
                .collect(Collectors.joining("\n", "", "\n"));
        write("etc/fstab", fstab);
        write("etc/systemd/network/10-kubenode-host0.network", """
                [Match]
                Name=host0

                [Network]
                Address=%s/%d
                LinkLocalAddressing=no
                IPv6AcceptRA=no
                """.formatted(address, prefixLength));
        Files.deleteIfExists(inside("etc/systemd/system/multi-user.target.wants/" + VM_TEST_UNIT));
        Path unit = inside("etc/systemd/system/" + VM_TEST_UNIT);
        Files.deleteIfExists(unit);
        Files.createSymbolicLink(unit, Path.of("/dev/null"));
    }

    /** Unmounts the overlay (the upper layer stays in the directory until the fixture removes it). Idempotent. */
    @Override
    public synchronized void close() throws IOException, InterruptedException {
        if (mounted) {
            Commands.check("umount", root.toString());
            mounted = false;
        }
    }

    private String read(String relative) throws IOException {
        Path path = inside(relative);
        if (!Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError(path + " is not a regular file in the image");
        }
        return Files.readString(path, StandardCharsets.UTF_8);
    }

    private void write(String relative, String content) throws IOException {
        Path path = inside(relative);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new AssertionError(path + " is not a regular file in the image; refusing to write through it");
        }
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }

    /**
     * {@code relative} below the root, refused when a parent directory is a symbolic link: resolved on this host, an
     * absolute link in the image would point at the host's own files. The file itself may be a link (to be
     * removed): {@link #write} refuses those.
     */
    private Path inside(String relative) {
        Path path = root;
        for (Path part : Path.of(relative).getParent()) {
            path = path.resolve(part);
            if (Files.isSymbolicLink(path)) {
                throw new AssertionError(path + " is a symbolic link in the image; refusing to write through it");
            }
        }
        return path.resolve(Path.of(relative).getFileName());
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
