package io.kubenode.agent.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * Debian's real containerd, started by a test with its own root, state, socket and opt directory under a temporary
 * directory (nothing under /var/lib/containerd, /run/containerd, /opt/containerd or /etc/cni), stopped by
 * {@link #close}.
 */
public final class RealContainerd implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/containerd");
    private final Process process;
    private final Path log;

    private RealContainerd(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts containerd serving gRPC on {@code socket}; returns once the socket exists. */
    public static RealContainerd start(Path base, Path socket) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            fail(BINARY + " is missing: install Debian's containerd (deploy/test.sh does)");
        }
        Files.createDirectories(socket.getParent());
        Path config = Files.writeString(base.resolve("containerd.toml"), String.join("\n",
                "version = 2",
                "root = \"" + base.resolve("root") + "\"",
                "state = \"" + base.resolve("state") + "\"",
                "[grpc]",
                "  address = \"" + socket + "\"",
                "[plugins]",
                "  [plugins.\"io.containerd.internal.v1.opt\"]",
                "    path = \"" + base.resolve("opt") + "\"",
                "  [plugins.\"io.containerd.grpc.v1.cri\".cni]",
                "    conf_dir = \"" + base.resolve("cni/net.d") + "\"",
                "    bin_dir = \"" + base.resolve("cni/bin") + "\"",
                ""));
        Path log = base.resolve("containerd.log");
        Process process = new ProcessBuilder(BINARY.toString(), "--config", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RealContainerd containerd = new RealContainerd(process, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                containerd.close();
                fail("containerd did not create " + socket + ":\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return containerd;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash would: the socket file stays behind with nobody listening. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
