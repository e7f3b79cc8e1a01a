package io.kubenode.controller.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FirewallSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent's firewall resource against real firewalld: Debian's {@code firewalld} package (nftables backend) in a
 * booted container, started by its systemd. The agent's own jars apply a {@code firewall:system} catalog inside;
 * this host connects to listeners in the container through the firewall. Every firewall-cmd call is logged by a
 * wrapper in front of the real one, so the test sees exactly which commands a pass ran.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirewalldIT {
    private static final String CATALOG = "/root/catalog.json";
    private static final String COMMAND_LOG = "/root/firewall-cmd.log";
    private static final Duration AGENT_TIMEOUT = Duration.ofMinutes(2);
    private static final String PEER = "192.0.2.62";
    private static final String VRRP_RULE = "rule family=\"ipv4\" source address=\"" + PEER
            + "\" protocol value=\"vrrp\" accept";
    private static final List<String> PORTS = List.of("6443/tcp", "10250/tcp", "30000-32767/tcp", "8472/udp");

    private NspawnHosts hosts;
    private NspawnHost host;
    private Path work;

    @BeforeAll
    void bootAHostWithFirewalldRunning() throws Exception {
        long start = System.nanoTime();
        work = Files.createTempDirectory("firewalld-it");
        hosts = NspawnHosts.open();
        host = hosts.boot("kn-fw1");
        long booted = System.nanoTime();
        PackageInstall.leaveOutDocumentation(host);
        PackageInstall.installDebs(host, DebianPackages.forImage(hosts, List.of("firewalld")));
        awaitFirewalldRunning();
        long installed = System.nanoTime();
        // every call logged, then the real program: an independent record of what the agent ran
        host.check("mv", "/usr/bin/firewall-cmd", "/usr/bin/firewall-cmd.real");
        Path wrapper = work.resolve("firewall-cmd");
        Files.writeString(wrapper, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> " + COMMAND_LOG
                + "\nexec /usr/bin/firewall-cmd.real \"$@\"\n");
        wrapper.toFile().setExecutable(true);
        host.copyIn(wrapper, "/usr/bin/firewall-cmd");
        AgentFromTheBuild.copyInto(host);
        startListeners();
        System.out.printf("FirewalldIT set-up: booted %d ms, firewalld installed and running %d ms, agent and "
                + "listeners in place %d ms%n", millis(start, booted), millis(booted, installed),
                millis(installed, System.nanoTime()));
    }

    @AfterAll
    void closeHosts() throws Exception {
        NspawnHosts.closeAndDelete(hosts, work);
    }

    @Test
    @Order(1)
    void beforeApplyTheDefaultZoneKeepsTheApiserverPortClosed() throws Exception {
        assertThat(host.check("firewall-cmd", "--state")).isEqualTo("running\n");
        assertThat(host.check("firewall-cmd", "--get-default-zone")).isEqualTo("public\n");
        assertThat(host.check("grep", "^FirewallBackend=", "/etc/firewalld/firewalld.conf"))
                .isEqualTo("FirewallBackend=nftables\n");
        assertThat(reachable(6443)).as("6443 before apply").isFalse();
        assertThat(reachable(2379)).as("2379 before apply").isFalse();
        assertThat(localListener(6443)).as("the listener itself runs").isTrue();
    }

    @Test
    @Order(2)
    void applyOpensTheCatalogsPortsAndRuleInRuntimeAndPermanentAndNothingElse() throws Exception {
        clearCommandLog();

        long start = System.nanoTime();
        JsonNode firewall = resource(apply(catalog(PORTS), 0));
        System.out.printf("FirewalldIT: first apply (JVM included) %d ms%n", millis(start, System.nanoTime()));
        List<String> ran = commandLog();

        assertThat(firewall.path("state").asText()).as("%s", firewall).isEqualTo("changed");
        assertThat(texts(firewall.path("changes"))).contains(
                "+ firewall:system open 6443/tcp in zone public (runtime and permanent)",
                "+ firewall:system open rich rule '" + VRRP_RULE + "' in zone public (runtime and permanent)");
        assertThat(reachable(6443)).as("6443 after apply").isTrue();
        assertThat(reachable(2379)).as("2379 is not in the catalog").isFalse();
        assertThat(words(host.check("firewall-cmd", "--zone=public", "--list-ports"))).isEqualTo(Set.copyOf(PORTS));
        assertThat(words(host.check("firewall-cmd", "--permanent", "--zone=public", "--list-ports")))
                .isEqualTo(Set.copyOf(PORTS));
        assertThat(host.check("firewall-cmd", "--zone=public", "--list-rich-rules")).isEqualTo(VRRP_RULE + "\n");
        assertThat(host.check("firewall-cmd", "--permanent", "--zone=public", "--list-rich-rules"))
                .isEqualTo(VRRP_RULE + "\n");
        assertThat(ran).as("batched: one call per configuration and kind, no reload").containsExactly(
                "--state", "--get-zone-of-interface=host0", "--get-default-zone", "--zone=public --list-all",
                "--permanent --zone=public --list-all",
                "--zone=public --add-port=10250/tcp --add-port=30000-32767/tcp --add-port=6443/tcp --add-port=8472/udp",
                "--zone=public --add-rich-rule=" + VRRP_RULE,
                "--permanent --zone=public --add-port=10250/tcp --add-port=30000-32767/tcp --add-port=6443/tcp "
                        + "--add-port=8472/udp",
                "--permanent --zone=public --add-rich-rule=" + VRRP_RULE);
    }

    @Test
    @Order(3)
    void aSecondPassFindsItInSyncAndRunsOnlyItsTwoReads() throws Exception {
        clearCommandLog();

        long start = System.nanoTime();
        JsonNode firewall = resource(apply(catalog(PORTS), 0));
        System.out.printf("FirewalldIT: pass in sync (JVM included) %d ms, firewall resource %d ms%n",
                millis(start, System.nanoTime()), firewall.path("durationMicros").asLong() / 1000);

        assertThat(firewall.path("state").asText()).as("%s", firewall).isEqualTo("in_sync");
        assertThat(commandLog()).as("no changing command").containsExactly("--state",
                "--get-zone-of-interface=host0", "--get-default-zone", "--zone=public --list-all",
                "--permanent --zone=public --list-all");
    }

    @Test
    @Order(4)
    void afterARebootThePortsAreStillOpen() throws Exception {
        String bootBefore = host.bootId();

        host.reboot();
        awaitFirewalldRunning();
        startListeners();

        assertThat(host.bootId()).isNotEqualTo(bootBefore);
        assertThat(reachable(6443)).as("6443 after the reboot").isTrue();
        assertThat(reachable(2379)).as("2379 after the reboot").isFalse();
        assertThat(words(host.check("firewall-cmd", "--zone=public", "--list-ports"))).isEqualTo(Set.copyOf(PORTS));
        assertThat(host.check("firewall-cmd", "--zone=public", "--list-rich-rules")).isEqualTo(VRRP_RULE + "\n");
        assertThat(resource(apply(catalog(PORTS), 0)).path("state").asText()).isEqualTo("in_sync");
    }

    @Test
    @Order(5)
    void theDaemonPutsBackAPortRemovedByHandAndCountsItAsDrift() throws Exception {
        List<String> daemon = new java.util.ArrayList<>(List.of("systemd-run", "--unit=kubenode-agent-test",
                "--property=Restart=no"));
        daemon.addAll(AgentFromTheBuild.argv("run", "--catalog", CATALOG, "--interval", "2", "--metrics-listen",
                "127.0.0.1:9105"));
        host.check(daemon.toArray(String[]::new));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> metric("kubenode_agent_converged ").equals("1.0"));
            assertThat(metric("kubenode_agent_drift_corrections_total{type=\"firewall\"} ")).isEqualTo("0.0");

            host.check("firewall-cmd", "--zone=public", "--remove-port=6443/tcp");
            long removed = System.nanoTime();
            assertThat(reachable(6443)).as("closed by hand").isFalse();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> reachable(6443));
            System.out.printf("FirewalldIT: runtime drift corrected by the daemon (2 s interval) in %d ms%n",
                    millis(removed, System.nanoTime()));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> metric("kubenode_agent_drift_corrections_total{type=\"firewall\"} ").equals("1.0"));

            host.check("firewall-cmd", "--permanent", "--zone=public", "--remove-port=6443/tcp");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                    words(host.check("firewall-cmd", "--permanent", "--zone=public", "--list-ports"))
                            .contains("6443/tcp"));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                    .until(() -> metric("kubenode_agent_drift_corrections_total{type=\"firewall\"} ").equals("2.0"));
            assertThat(reachable(6443)).isTrue();
        } finally {
            host.run("systemctl", "stop", "kubenode-agent-test");
        }
    }

    @Test
    @Order(6)
    void aPortTheCatalogDropsIsClosedWhileOnesAPersonOpenedStay() throws Exception {
        host.check("firewall-cmd", "--zone=public", "--add-port=9100/tcp");
        host.check("firewall-cmd", "--permanent", "--zone=public", "--add-port=9100/tcp");
        List<String> fewer = List.of("10250/tcp", "30000-32767/tcp", "8472/udp");

        JsonNode firewall = resource(apply(new FirewallSpec(FirewallSpec.NAME, FirewallSpec.AUTO, null,
                host.address(), fewer, List.of()), 0));

        assertThat(texts(firewall.path("changes"))).containsExactlyInAnyOrder(
                "- firewall:system close 6443/tcp in zone public (runtime and permanent): opened by the agent, "
                        + "no longer in the catalog",
                "- firewall:system close rich rule '" + VRRP_RULE + "' in zone public (runtime and permanent): "
                        + "opened by the agent, no longer in the catalog");
        assertThat(reachable(6443)).as("dropped from the catalog").isFalse();
        Set<String> expected = new TreeSet<>(fewer);
        expected.add("9100/tcp");
        assertThat(words(host.check("firewall-cmd", "--zone=public", "--list-ports"))).isEqualTo(expected);
        assertThat(words(host.check("firewall-cmd", "--permanent", "--zone=public", "--list-ports")))
                .isEqualTo(expected);
        assertThat(host.check("firewall-cmd", "--zone=public", "--list-rich-rules")).isBlank();
    }

    @Test
    @Order(7)
    void whenTheZoneChangesWhatTheAgentOpenedInTheFormerZoneIsClosed() throws Exception {
        JsonNode toInternal = resource(apply(new FirewallSpec(FirewallSpec.NAME, FirewallSpec.AUTO, "internal",
                host.address(), List.of("6443/tcp"), List.of()), 0));

        assertThat(toInternal.path("state").asText()).as("%s", toInternal).isEqualTo("changed");
        assertThat(words(host.check("firewall-cmd", "--zone=internal", "--list-ports"))).containsExactly("6443/tcp");
        assertThat(words(host.check("firewall-cmd", "--permanent", "--zone=internal", "--list-ports")))
                .containsExactly("6443/tcp");
        assertThat(words(host.check("firewall-cmd", "--zone=public", "--list-ports"))).as("a person's stays")
                .containsExactly("9100/tcp");
        assertThat(reachable(6443)).as("host0 is in the default zone, not in internal").isFalse();

        JsonNode back = resource(apply(catalog(PORTS), 0));

        assertThat(back.path("state").asText()).as("%s", back).isEqualTo("changed");
        assertThat(host.check("firewall-cmd", "--zone=internal", "--list-ports")).isBlank();
        assertThat(host.check("firewall-cmd", "--permanent", "--zone=internal", "--list-ports")).isBlank();
        assertThat(reachable(6443)).isTrue();
    }

    @Test
    @Order(8)
    void withTheAddressesInterfaceBoundToAZoneTheAgentWorksInThatZone() throws Exception {
        host.check("firewall-cmd", "--zone=internal", "--change-interface=host0");
        host.check("firewall-cmd", "--permanent", "--zone=internal", "--add-interface=host0");
        assertThat(reachable(6443)).as("internal does not open 6443").isFalse();

        JsonNode moved = resource(apply(catalog(PORTS), 0));

        assertThat(texts(moved.path("changes"))).contains(
                "+ firewall:system open 6443/tcp in zone internal (runtime and permanent)",
                "- firewall:system close 6443/tcp in zone public (runtime and permanent): opened by the agent, "
                        + "which now works in zone internal");
        assertThat(reachable(6443)).as("opened in host0's zone").isTrue();
        assertThat(reachable(2379)).isFalse();
        assertThat(words(host.check("firewall-cmd", "--zone=internal", "--list-ports"))).isEqualTo(Set.copyOf(PORTS));
        assertThat(words(host.check("firewall-cmd", "--permanent", "--zone=internal", "--list-ports")))
                .isEqualTo(Set.copyOf(PORTS));
        assertThat(words(host.check("firewall-cmd", "--zone=public", "--list-ports"))).containsExactly("9100/tcp");
        assertThat(resource(apply(catalog(PORTS), 0)).path("state").asText()).isEqualTo("in_sync");
    }

    @Test
    @Order(9)
    void factsShowTheZoneWithItsServicesPortsAndTheRule() throws Exception {
        // the facts' zone is the one of the default route's interface (the container has none of its own)
        host.check("ip", "route", "replace", "default", "via", hosts.hostAddress(), "dev", "host0");

        JsonNode firewall = facts().path("firewall");

        assertThat(firewall.path("backend").asText()).isEqualTo("firewalld");
        assertThat(firewall.path("running").asBoolean()).isTrue();
        assertThat(firewall.path("zone").asText()).isEqualTo("internal");
        assertThat(firewall.path("target").asText()).isEqualTo("default");
        assertThat(texts(firewall.path("ports"))).as("with the ports of internal's services (ssh, mdns, ...)")
                .contains("6443/tcp", "30000-32767/tcp", "22/tcp", "546/udp", "5353/udp").doesNotContain("9100/tcp");
        assertThat(texts(firewall.path("richRules"))).containsExactly(VRRP_RULE);
    }

    @Test
    @Order(10)
    void withFirewalldStoppedAutoIsInSyncWithNothingToOpenAndFirewalldModeFails() throws Exception {
        host.check("systemctl", "stop", "firewalld");

        JsonNode auto = resource(apply(catalog(PORTS), 0));
        JsonNode required = resource(apply(new FirewallSpec(FirewallSpec.NAME, FirewallSpec.FIREWALLD, null,
                host.address(), PORTS, List.of()), 1));

        assertThat(auto.path("state").asText()).isEqualTo("in_sync");
        assertThat(auto.path("message").asText()).isEqualTo("no firewall to open: firewalld is not running");
        JsonNode facts = facts().path("firewall");
        assertThat(facts.path("backend").asText()).isEqualTo("firewalld");
        assertThat(facts.path("running").asBoolean()).isFalse();
        assertThat(required.path("state").asText()).isEqualTo("failed");
        assertThat(required.path("message").asText()).isEqualTo("firewall:system: firewalld is not running "
                + "(firewall-cmd --state: not running) and the catalog requires it (mode firewalld)");
    }

    private static FirewallSpec catalog(List<String> ports) {
        return new FirewallSpec(FirewallSpec.NAME, FirewallSpec.AUTO, null, null, ports,
                List.of(new FirewallSpec.ProtocolFromSources("vrrp", List.of(PEER))));
    }

    /** {@code kubenode-agent apply --once} inside the container with the agent's jars; its JSON report. */
    private JsonNode apply(FirewallSpec firewall, int expectedExit) throws Exception {
        FirewallSpec withAddress = firewall.address() != null ? firewall : new FirewallSpec(firewall.name(),
                firewall.mode(), firewall.zone(), host.address(), firewall.ports(), firewall.protocolSources());
        NodeCatalog catalog = NodeCatalog.of("lab", "kn-fw1", 0, new NodeCatalog.Spec("worker", OsFamily.DEBIAN,
                List.of(new CatalogResource(withAddress.id(), List.of(), List.of(), withAddress))));
        Path file = work.resolve("catalog.json");
        Files.writeString(file, Documents.toJson(catalog));
        host.copyIn(file, CATALOG);
        ExternalCommand.Result run = host.run(AgentFromTheBuild.argv("apply", "--once", "--catalog", CATALOG, "-o",
                "json"), AGENT_TIMEOUT);
        assertThat(run.exitCode()).as("%s", run.describe()).isEqualTo(expectedExit);
        return Documents.json().readTree(run.stdout());
    }

    /** {@code kubenode-agent facts} inside the container. */
    private JsonNode facts() throws Exception {
        ExternalCommand.Result run = host.run(AgentFromTheBuild.argv("facts"), AGENT_TIMEOUT);
        assertThat(run.exitCode()).as("%s", run.describe()).isZero();
        assertThat(run.stderr()).as("facts collected without a warning").doesNotContain("WARNING");
        return Documents.json().readTree(run.stdout());
    }

    private static JsonNode resource(JsonNode report) {
        for (JsonNode resource : report.path("resources")) {
            if (resource.path("id").asText().equals("firewall:system")) {
                return resource;
            }
        }
        throw new AssertionError("no firewall:system in " + report);
    }

    /** A TCP connect from this host to the container, through its firewall; refused or dropped is false. */
    private boolean reachable(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host.address(), port), 1500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether the listener answers inside the container (loopback, which firewalld never filters). */
    private boolean localListener(int port) throws Exception {
        return host.run("python3", "-c", "import socket; socket.create_connection(('127.0.0.1', " + port
                + "), 2)").exitCode() == 0;
    }

    /** Listeners on 6443 (what the catalog opens) and 2379 (what it does not), as transient units. */
    private void startListeners() throws Exception {
        for (int port : List.of(6443, 2379)) {
            host.run("systemctl", "stop", "listen-" + port);
            host.check("systemd-run", "--unit=listen-" + port, "python3", "-m", "http.server", "--bind", "0.0.0.0",
                    String.valueOf(port));
        }
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> localListener(6443) && localListener(2379));
    }

    private void awaitFirewalldRunning() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> host.run("firewall-cmd", "--state").exitCode() == 0);
    }

    private void clearCommandLog() throws Exception {
        host.check("rm", "-f", COMMAND_LOG);
    }

    /** The firewall-cmd calls since the log was cleared, without the program name. */
    private List<String> commandLog() throws Exception {
        ExternalCommand.Result log = host.run("cat", COMMAND_LOG);
        return log.exitCode() != 0 ? List.of() : log.stdout().lines().toList();
    }

    private String metric(String prefix) throws Exception {
        ExternalCommand.Result scrape = host.run("python3", "-c", "import urllib.request; print(urllib.request"
                + ".urlopen('http://127.0.0.1:9105/metrics', timeout=5).read().decode())");
        if (scrape.exitCode() != 0) {
            return "";
        }
        return scrape.stdout().lines().filter(line -> line.startsWith(prefix)).findFirst()
                .map(line -> line.substring(prefix.length()).strip()).orElse("");
    }

    private static Set<String> words(String text) {
        return new TreeSet<>(Arrays.asList(text.strip().split("\\s+")));
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }
}
