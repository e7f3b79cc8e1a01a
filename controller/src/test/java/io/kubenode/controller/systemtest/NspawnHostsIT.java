package io.kubenode.controller.systemtest;

import com.sun.net.httpserver.HttpServer;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The nspawn fixture on its own: two containers booted from the cached test image for the class, proven to be
 * hosts of their own (systemd as PID 1, their hostname and identity, their addresses reached over the bridge from
 * this host, from each other, and this host reached from them), to take files, to reboot on the same tree, to be
 * killed by PID when hung, and to leave nothing behind when closed (the last test).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NspawnHostsIT {
    private static final String HOSTNAME = "kn-smoke1";
    private static final String PEER_HOSTNAME = "kn-smoke2";
    private static final int ECHO_PORT = 7777;

    private NspawnHosts hosts;
    private NspawnHost host;
    private NspawnHost peer;

    @BeforeAll
    void bootTwoHosts() throws Exception {
        assertThat(Files.readString(Path.of("/proc/self/status"))).as("nspawn tests run as root (deploy/test.sh)")
                .containsPattern("(?m)^Uid:\\s+0\\s");
        hosts = NspawnHosts.open();
        List<NspawnHost> booted = hosts.bootAll(List.of(HOSTNAME, PEER_HOSTNAME));
        host = booted.get(0);
        peer = booted.get(1);
    }

    @AfterAll
    void closeHosts() throws Exception {
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    void systemdIsPidOneAndTheBootIsClean() throws Exception {
        assertThat(host.check("cat", "/proc/1/comm").strip()).isEqualTo("systemd");
        assertThat(host.check("readlink", "/proc/1/exe").strip()).endsWith("/systemd");
        assertThat(ProcessHandle.of(host.initPid()).flatMap(p -> p.info().command())).as("PID 1 seen from the host")
                .hasValueSatisfying(command -> assertThat(command).endsWith("/systemd"));
        assertThat(host.run("systemctl", "is-system-running").stdout().strip()).as("no failed unit")
                .isEqualTo("running");
    }

    @Test
    @Order(2)
    void eachContainerHasCgroupsOfItsOwn() throws Exception {
        for (int hierarchy = 0; hierarchy < host.cgroups().size(); hierarchy++) {
            Set<String> hostDbus = processes(host.cgroups().get(hierarchy));
            Set<String> peerDbus = processes(peer.cgroups().get(hierarchy));

            assertThat(hostDbus).as("dbus in " + host.cgroups().get(hierarchy)).isNotEmpty();
            assertThat(peerDbus).as("dbus in " + peer.cgroups().get(hierarchy)).isNotEmpty()
                    .doesNotContainAnyElementsOf(hostDbus);
        }
    }

    @Test
    @Order(3)
    void theContainerHasItsOwnHostnameAndIdentity() throws Exception {
        assertThat(host.check("hostname").strip()).isEqualTo(HOSTNAME);
        assertThat(host.check("hostnamectl", "hostname").strip()).isEqualTo(HOSTNAME);
        String machineId = host.check("cat", "/etc/machine-id").strip();
        assertThat(machineId).matches("[0-9a-f]{32}").isNotEqualTo(hostFile("/etc/machine-id"));
        assertThat(host.check("cat", "/proc/sys/kernel/random/boot_id").strip())
                .isNotEqualTo(hostFile("/proc/sys/kernel/random/boot_id"));
        assertThat(host.check("ip", "-o", "-4", "address", "show", "dev", "host0"))
                .contains("inet " + host.address() + "/28");
    }

    @Test
    @Order(4)
    void thisHostReachesTheContainersAddress() throws Exception {
        startHostnameService();

        String answer = await("the echo service in the container").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> readFrom(host.address(), ECHO_PORT), text -> !text.isEmpty());

        assertThat(answer.strip()).isEqualTo(HOSTNAME);
    }

    @Test
    @Order(5)
    void containersReachEachOtherOverTheBridge() throws Exception {
        startHostnameService();

        // curl's telnet:// prints what the server sends.
        String answer = peer.check("curl", "-sS", "--max-time", "5", "telnet://" + host.address() + ":" + ECHO_PORT);

        assertThat(answer.strip()).isEqualTo(HOSTNAME);
        assertThat(peer.address()).isNotEqualTo(host.address());
    }

    @Test
    @Order(6)
    void aSecondFixtureAtTheSameTimeGetsItsOwnBridgeAndSubnet() throws Exception {
        try (NspawnHosts other = NspawnHosts.open()) {
            assertThat(other.bridgeName()).isNotEqualTo(hosts.bridgeName());
            assertThat(other.hostAddress()).isNotEqualTo(hosts.hostAddress()).startsWith("192.0.2.");
            assertThat(link(other.bridgeName())).isZero();
        }
        assertThat(link(hosts.bridgeName())).as("this fixture's bridge").isZero();
    }

    @Test
    @Order(7)
    void theContainerReachesThisHostsBridgeAddress() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(hosts.hostAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("hello " + exchange.getRemoteAddress().getAddress().getHostAddress()).getBytes();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://" + hosts.hostAddress() + ":" + server.getAddress().getPort() + "/";
            assertThat(host.check("curl", "-sS", "--max-time", "5", url)).isEqualTo("hello " + host.address());
        } finally {
            server.stop(0);
        }
    }

    @Test
    @Order(8)
    void copyInPutsFilesAndDirectoriesWithTheirModes() throws Exception {
        Path source = Files.createTempDirectory("nspawn-copy");
        try {
            Path script = Files.writeString(source.resolve("tool.sh"), "#!/bin/sh\necho copied\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
            Files.createDirectories(source.resolve("tree/sub"));
            Files.writeString(source.resolve("tree/sub/data.txt"), "data\n");

            host.copyIn(script, "/opt/kn/bin/tool");
            host.copyIn(source.resolve("tree"), "/srv/kn-tree");

            assertThat(host.check("/opt/kn/bin/tool")).isEqualTo("copied\n");
            assertThat(host.check("stat", "-c", "%a %U", "/opt/kn/bin/tool").strip()).isEqualTo("750 root");
            assertThat(host.check("cat", "/srv/kn-tree/sub/data.txt")).isEqualTo("data\n");
            assertThat(host.check("stat", "-c", "%U", "/srv/kn-tree/sub/data.txt").strip()).isEqualTo("root");
        } finally {
            Commands.check("rm", "-rf", source.toString());
        }
    }

    @Test
    @Order(90)
    void rebootBootsTheSameTreeAgain() throws Exception {
        String bootBefore = host.bootId();
        long initBefore = host.initPid();
        host.check("mkdir", "-p", "/var/lib/kn-smoke");
        host.check("cp", "/etc/machine-id", "/var/lib/kn-smoke/written-before-reboot");

        host.reboot();

        assertThat(host.bootId()).isNotEqualTo(bootBefore);
        assertThat(host.initPid()).isNotEqualTo(initBefore);
        assertThat(host.check("cat", "/var/lib/kn-smoke/written-before-reboot"))
                .isEqualTo(host.check("cat", "/etc/machine-id"));
        assertThat(host.check("hostname").strip()).isEqualTo(HOSTNAME);
        assertThat(host.run("systemctl", "is-system-running").stdout().strip()).isEqualTo("running");
        System.out.printf("nspawn: boot after reboot %.2f s%n", host.lastBootTime().toMillis() / 1000.0);
    }

    @Test
    @Order(95)
    void aContainerThatDoesNotPowerOffIsKilledByPid() throws Exception {
        NspawnHost hung = peer;
        long nspawnPid = hung.nspawnPid();
        long initPid = hung.initPid();
        // A hung host: its PID 1 takes no signal and answers no request until it is killed.
        Commands.check("kill", "-STOP", Long.toString(initPid));

        Optional<Integer> exit = hung.stop(Duration.ofSeconds(3));

        assertThat(exit).as("nspawn's exit status (empty: killed)").isEmpty();
        assertThat(ProcessHandle.of(initPid)).as("the container's PID 1").isEmpty();
        assertThat(ProcessHandle.of(nspawnPid)).as("systemd-nspawn").isEmpty();
        assertThat(link(hung.hostInterface())).as("the veth's host side").isNotZero();
        assertThat(host.check("hostname").strip()).as("the other container").isEqualTo(HOSTNAME);
    }

    @Test
    @Order(100)
    void closingLeavesNoProcessMountLinkOrDirectory() throws Exception {
        long nspawnPid = host.nspawnPid();
        long initPid = host.initPid();
        Path work = hosts.workDirectory();
        String loopDevice = Mounts.sourceOf(work.resolve("image")).orElseThrow();
        assertThat(Mounts.below(work)).as("the image and two overlays").hasSize(3);
        assertThat(link(host.hostInterface())).isZero();
        assertThat(link(hosts.bridgeName())).isZero();

        hosts.close();

        assertThat(ProcessHandle.of(nspawnPid)).as("systemd-nspawn").isEmpty();
        assertThat(ProcessHandle.of(initPid)).as("the container's PID 1").isEmpty();
        assertThat(Mounts.below(work)).isEmpty();
        assertThat(work).doesNotExist();
        assertThat(link(host.hostInterface())).as("the veth's host side").isNotZero();
        assertThat(link(hosts.bridgeName())).as("the bridge").isNotZero();
        assertThat(Path.of("/run/systemd/nspawn/propagate", host.machine())).doesNotExist();
        assertThat(host.cgroups()).as("the container's cgroups").allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(Commands.check("losetup", "--associated", hosts.imageFile().toString()))
                .as("the loop device is detached").doesNotContain(loopDevice + ":");
    }

    /**
     * A real TCP server in {@link #host}: systemd's socket activator answers each connection on the container's
     * address with its hostname. Started once.
     */
    private void startHostnameService() throws Exception {
        if (host.run("systemctl", "is-active", "kn-hostname-echo").exitCode() != 0) {
            host.check("systemd-run", "--unit=kn-hostname-echo", "systemd-socket-activate",
                    "--listen=" + host.address() + ":" + ECHO_PORT, "--accept", "--inetd", "/usr/bin/hostname");
        }
    }

    /** The processes in the container's dbus.service cgroup, as this host numbers them. */
    private static Set<String> processes(Path containerCgroup) throws IOException {
        return Set.copyOf(Files.readAllLines(containerCgroup.resolve("payload/system.slice/dbus.service/cgroup.procs")));
    }

    private static int link(String name) throws IOException, InterruptedException {
        return ExternalCommand.run(List.of("ip", "link", "show", "dev", name)).exitCode();
    }

    private static String hostFile(String path) throws IOException {
        Path file = Path.of(path);
        return Files.isReadable(file) ? Files.readString(file).strip() : "";
    }

    private static String readFrom(String address, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            socket.setSoTimeout(2000);
            try (InputStream in = socket.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
