package io.kubenode.controller.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.agent.host.TestCa;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.systemtest.ClusterDownloads;
import io.kubenode.controller.systemtest.DebianPackages;
import io.kubenode.controller.systemtest.NspawnHost;
import io.kubenode.controller.systemtest.NspawnHosts;
import io.kubenode.controller.systemtest.PackageInstall;
import io.kubenode.controller.systemtest.SignedAptRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packages as a person runs them, under real systemd (PID 1) in three nspawn containers booted once: the
 * controller host (kubenode-controller + kubenodectl by name from a signed apt repository, init as its user,
 * {@code systemctl enable --now} answering /readyz), a Debian node (the agent .deb by name from the same repository)
 * and a node with the agent RPM through Debian's rpm. Each agent is enrolled by the CA pin with a token from
 * kubenodectl and started by systemd; then SIGKILL (systemd restarts it), reboots, the units' exposure inside, an
 * upgrade to release 2 (edited config kept, one restart, enrollment untouched) and the erase (stopped, disabled,
 * state left).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstalledServicesIT {
    private static final String DATA_DIR = "/var/lib/kubenode-controller";
    private static final String ADMIN_CONF = DATA_DIR + "/admin.conf";
    private static final String AGENT_STATE = "/var/lib/kubenode-agent";
    private static final String AGENT_YAML = "/etc/kubenode/agent.yaml";
    /** The edit a person makes before an upgrade; the upgrade must keep it. */
    private static final String AGENT_YAML_EDIT = "intervalSeconds: 5\n";
    private static final Pattern PIN = Pattern.compile("CA pin: (sha256:[0-9a-f]{64})");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");
    /** The thresholds SystemdUnitsTest asserts with --offline --root (units helper: controller target, agent 5.2 measured). */
    private static final double CONTROLLER_MAX_EXPOSURE = 3.0;
    private static final double AGENT_MAX_EXPOSURE = 5.4;
    private static final String KUBERNETES_VERSION = "1.32.2";
    /** Not ready until kubeadm init has run, which this test does not reach (no kubeadm). */
    private static final Set<String> NOT_READY_WITHOUT_KUBEADM_INIT = Set.of("probe:apiserver",
            "probe:control-plane-endpoint");
    private static final Duration REPORTED_WITHIN = Duration.ofSeconds(90);
    /**
     * What the agent RPM requires that Debian's rpm database cannot know (it lists no Debian package), each with the
     * CentOS Stream 9 package that provides it: java-17-openjdk-headless / java-21-openjdk-headless (AppStream),
     * bash (BaseOS, provides /bin/bash and /bin/sh), systemd (BaseOS). rpmlib() and config() rpm satisfies itself.
     */
    private static final Set<String> CENTOS_PROVIDED = Set.of(
            "(java-17-openjdk-headless or java-21-openjdk-headless)", "bash", "/bin/bash", "/bin/sh", "systemd");

    private Path work;
    private NspawnHosts hosts;
    private NspawnHost controller;
    private NspawnHost debNode;
    private NspawnHost rpmNode;
    private SignedAptRepository repository;
    private TestHttpsServer downloadServer;
    private TestCa downloadCa;
    private String pin;
    private Map<String, String> documentValues;
    private final Map<String, Double> timings = new LinkedHashMap<>();
    private long classStart;

    @BeforeAll
    void bootThreeHosts() throws Exception {
        classStart = System.nanoTime();
        for (String program : List.of("rpm", "dpkg-deb", "apt-get", "curl", "systemd-nspawn")) {
            ExternalCommand.require(program);
        }
        work = Files.createTempDirectory("installed-services");
        repository = SignedAptRepository.build("kubenode", work.resolve("repo"), BuiltPackages.all(BuiltPackages::deb));
        hosts = NspawnHosts.open();
        List<NspawnHost> booted = hosts.bootAll(List.of("kn-svc-ctl", "kn-svc-deb", "kn-svc-rpm"));
        controller = booted.get(0);
        debNode = booted.get(1);
        rpmNode = booted.get(2);
        timings.put("boot 3 containers", seconds(classStart));
        // What the nodes' catalogs download: the Kubernetes apt repository and the containerd, runc and CNI archives,
        // over https from this host's bridge address, with a certificate of a CA the nodes trust (below).
        ClusterDownloads downloads = ClusterDownloads.build(work.resolve("apt"),
                hosts.imageFile().getParent().resolve("artifacts"), KUBERNETES_VERSION);
        downloadCa = TestCa.create("kubenode services test CA");
        downloadServer = TestHttpsServer.startOn(InetAddress.getByName(hosts.hostAddress()),
                downloadCa.serverContext(List.of(hosts.hostAddress())));
        downloadServer.route("/", TestHttpsServer.files(downloads.served()));
        documentValues = downloads.documentValues();
    }

    @AfterAll
    void closeHosts() throws Exception {
        try {
            if (downloadServer != null) {
                downloadServer.close();
            }
            if (hosts != null) {
                hosts.close();
            }
        } finally {
            if (work != null) {
                BuiltPackages.output("rm", "-rf", work.toString());
            }
            timings.put("whole class", seconds(classStart));
            timings.forEach((step, took) -> System.out.printf("timing: %-45s %6.1f s%n", step, took));
        }
    }

    @Test
    @Order(0)
    void theControllerInstalledByNameStartsAndIsActiveOnlyOnceReadyzAnswers() throws Exception {
        // The image carries Debian's openjdk-17-jre-headless: apt resolves the packages' Java dependency with it.
        assertThat(controller.check("dpkg-query", "-W", "-f", "${Status}", "openjdk-17-jre-headless"))
                .isEqualTo("install ok installed");
        repository.addTo(controller);
        long start = System.nanoTime();
        String apt = PackageInstall.installByName(controller, List.of("kubenode-controller", "kubenodectl"));
        timings.put("apt install kubenode-controller kubenodectl", seconds(start));
        System.out.println(lastLines(apt, 6));
        assertThat(controller.check("dpkg-query", "-W", "-f", "${Package} ${Version} ${Status}\\n",
                "kubenode-controller", "kubenodectl"))
                .contains("kubenode-controller " + BuiltPackages.versionRelease() + " install ok installed")
                .contains("kubenodectl " + BuiltPackages.versionRelease() + " install ok installed");
        assertThat(controller.check("stat", "-c", "%a %U:%G", DATA_DIR).strip()).isEqualTo("700 kubenode:kubenode");

        String init = controller.check("runuser", "-u", "kubenode", "--", "kubenode-controller", "init",
                "--data-dir", DATA_DIR, "--san", controller.address());
        System.out.println(init);
        Matcher printed = PIN.matcher(init);
        assertThat(printed.find()).as("init prints the CA pin").isTrue();
        pin = printed.group(1);

        start = System.nanoTime();
        controller.check("systemctl", "enable", "--now", "kubenode-controller");
        timings.put("systemctl enable --now kubenode-controller", seconds(start));
        assertThat(controller.check("systemctl", "is-active", "kubenode-controller").strip()).isEqualTo("active");
        assertThat(readyzFromThisHost()).isEqualTo("200");
        printStatus(controller, "kubenode-controller");
        // A clean start logs nothing at warning or above (the journal's priorities come from the log levels); the
        // image lists no nameserver, which once made Vert.x's DNS client warn that it fell back to public servers.
        assertThat(controller.check("journalctl", "-q", "-u", "kubenode-controller", "-p", "warning", "--no-pager",
                "-o", "cat")).as("warnings in the controller's journal").isEmpty();
    }

    @Test
    @Order(1)
    void theAgentDebInstallsByNameAndTheRpmThroughDebiansRpmWithOnlyCentosProvidedRequirementsUnmet()
            throws Exception {
        repository.addTo(debNode);
        long start = System.nanoTime();
        System.out.println(lastLines(PackageInstall.installByName(debNode, List.of("kubenode-agent")), 6));
        timings.put("apt install kubenode-agent", seconds(start));
        assertThat(debNode.check("dpkg-query", "-W", "-f", "${Version} ${Status}", "kubenode-agent"))
                .isEqualTo(BuiltPackages.versionRelease() + " install ok installed");

        Path rpm = BuiltPackages.rpm("kubenode-agent");
        start = System.nanoTime();
        PackageInstall.installDebs(rpmNode, DebianPackages.forImage(hosts, List.of("rpm")));
        timings.put("apt install Debian's rpm (test tool)", seconds(start));
        ExternalCommand.Result strict = PackageInstall.rpm(rpmNode, List.of(rpm), List.of("--test"));
        assertThat(strict.exitCode()).as("rpm without --nodeps").isNotZero();
        List<String> unmet = unmetRequirements(strict.stderr());
        System.out.println("rpm -i --test: unmet in Debian's rpm database: " + unmet);
        assertThat(unmet).isNotEmpty().allSatisfy(requirement -> assertThat(CENTOS_PROVIDED).contains(requirement));
        // ... and this Debian host has each of them for real.
        assertThat(rpmNode.check("bash", "-c", "java -version 2>&1; ls /bin/bash /bin/sh; ps -p 1 -o comm="))
                .contains("openjdk version \"17", "/bin/bash", "/bin/sh", "systemd");

        start = System.nanoTime();
        PackageInstall.installRpms(rpmNode, List.of(rpm), List.of("--nodeps"));
        timings.put("rpm -i --nodeps kubenode-agent", seconds(start));
        String info = rpmNode.check("rpm", "-qi", "kubenode-agent");
        System.out.println(info);
        assertThat(info).contains("Name        : kubenode-agent", "Architecture: noarch");
        ExternalCommand.Result verify = rpmNode.run("rpm", "-V", "--nodeps", "kubenode-agent");
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        for (NspawnHost node : List.of(debNode, rpmNode)) {
            assertThat(node.check("stat", "-c", "%a %U", AGENT_STATE).strip()).isEqualTo("700 root");
            assertThat(node.check("test", "-s", AGENT_STATE + "/cds/kubenode-agent.jsa")).isEmpty();
        }
    }

    @Test
    @Order(2)
    void eachAgentEnrollsByTheCaPinStartsUnderSystemdAndReportsItsPass() throws Exception {
        Path cluster = work.resolve("cluster.yaml");
        Files.writeString(cluster, clusterDocument());
        controller.copyIn(cluster, "/root/cluster.yaml");
        System.out.println(kubenodectl("apply", "-f", "/root/cluster.yaml"));
        Path ca = work.resolve("download-ca.crt");
        Files.write(ca, downloadCa.certificatePem());
        for (NspawnHost node : List.of(debNode, rpmNode)) {
            // As a site with its own mirror does: its CA in the system trust (apt's and, through
            // ca-certificates-java, the JDK's that the agent's downloads use).
            long trustStart = System.nanoTime();
            node.copyIn(ca, "/usr/local/share/ca-certificates/kubenode-test-ca.crt");
            System.out.println(lastLines(node.check("update-ca-certificates"), 3));
            timings.put("update-ca-certificates (" + node.hostname() + ")", seconds(trustStart));
        }
        for (NspawnHost node : List.of(debNode, rpmNode)) {
            String token = kubenodectl("token", "create", "--node", node.hostname()).strip();
            System.out.println(node.check("kubenode-agent", "enroll", "--controller",
                    "https://" + controller.address() + ":9443", "--ca-hash", pin, "--token", token,
                    "--node-name", node.hostname()));
            node.check("sh", "-c", "printf '%s' '" + AGENT_YAML_EDIT + "' >> " + AGENT_YAML);
            long start = System.nanoTime();
            node.check("systemctl", "enable", "--now", "kubenode-agent");
            awaitReportedPass(node, 1);
            timings.put("enable --now to first converged pass (" + node.hostname() + ")", seconds(start));
            assertThat(node.check("systemctl", "is-active", "kubenode-agent").strip()).isEqualTo("active");
            printStatus(node, "kubenode-agent");
            assertConverged(node, true);
        }
        // The status of the pass that last-report.json holds reaches the controller right after it.
        Pattern converged = Pattern.compile("(?m)^(" + Pattern.quote(debNode.hostname()) + "|"
                + Pattern.quote(rpmNode.hostname()) + ") .* True +1/1 +0 ");
        String nodes = "";
        for (int attempt = 0; attempt < 30 && converged.matcher(nodes).results().count() < 2; attempt++) {
            Thread.sleep(attempt == 0 ? 0 : 1000);
            nodes = kubenodectl("get", "nodes");
        }
        System.out.println(nodes);
        assertThat(converged.matcher(nodes).results().count()).as("get nodes: both CONVERGED True, GENERATION 1/1, "
                + "FAILED 0:\n" + nodes).isEqualTo(2);
    }

    @Test
    @Order(3)
    void aKilledAgentIsRestartedBySystemdAndPassesAgainWithItsStateWhole() throws Exception {
        String before = unitProperty(debNode, "kubenode-agent", "MainPID");
        String cursor = journalCursor(debNode);

        long start = System.nanoTime();
        debNode.check("systemctl", "kill", "-s", "KILL", "kubenode-agent");
        // A pass the killed process logged just before the kill must not count: only one after its death does.
        awaitPassAfter(debNode, cursor, "status=9/KILL");
        timings.put("SIGKILL to the next pass reported", seconds(start));

        String journal = debNode.check("journalctl", "-u", "kubenode-agent", "--after-cursor", cursor, "--no-pager",
                "-o", "cat");
        System.out.println("journal after SIGKILL:\n" + lastLines(journal, 12));
        assertThat(journal).contains("status=9/KILL");
        assertThat(unitProperty(debNode, "kubenode-agent", "MainPID")).isNotEqualTo(before);
        assertThat(unitProperty(debNode, "kubenode-agent", "ActiveState")).isEqualTo("active");
        assertThat(Integer.parseInt(unitProperty(debNode, "kubenode-agent", "NRestarts"))).isEqualTo(1);
        assertStateFilesParse(debNode);
        assertConverged(debNode, false);
    }

    @Test
    @Order(4)
    void afterARebootTheAgentAndTheControllerComeBackByThemselves() throws Exception {
        String bootBefore = debNode.bootId();
        long start = System.nanoTime();
        debNode.reboot();
        assertThat(debNode.bootId()).isNotEqualTo(bootBefore);
        awaitPassSince(debNode, null);
        timings.put("node reboot to a pass reported", seconds(start));
        assertThat(debNode.check("systemctl", "is-active", "kubenode-agent").strip()).isEqualTo("active");
        printStatus(debNode, "kubenode-agent");
        assertStateFilesParse(debNode);
        assertConverged(debNode, false);

        start = System.nanoTime();
        controller.reboot();
        timings.put("controller reboot to running (unit active)", seconds(start));
        assertThat(controller.check("systemctl", "is-active", "kubenode-controller").strip()).isEqualTo("active");
        assertThat(readyzFromThisHost()).isEqualTo("200");
        printStatus(controller, "kubenode-controller");
        String cursor = journalCursor(rpmNode);
        awaitPassSince(rpmNode, cursor);
        System.out.println(kubenodectl("get", "nodes"));
    }

    @Test
    @Order(5)
    void theUnitsExposureInsideTheContainersStaysWithinTheThresholds() throws Exception {
        double controllerExposure = exposure(controller, "kubenode-controller.service");
        double agentExposure = exposure(debNode, "kubenode-agent.service");
        double rpmAgentExposure = exposure(rpmNode, "kubenode-agent.service");

        assertThat(controllerExposure).isLessThanOrEqualTo(CONTROLLER_MAX_EXPOSURE);
        assertThat(agentExposure).isLessThanOrEqualTo(AGENT_MAX_EXPOSURE);
        assertThat(rpmAgentExposure).isEqualTo(agentExposure);
    }

    @Test
    @Order(6)
    void aStopWhileTheAgentIsStillStartingIsACleanStopNotAFailure() throws Exception {
        // systemctl stop (an erase, a reboot, an upgrade's try-restart) may come in the JVM's first seconds, before
        // the agent handles SIGTERM itself: the JVM then exits 143.
        rpmNode.check("systemctl", "restart", "kubenode-agent");
        awaitTheJvmRunning(rpmNode, "kubenode-agent");
        rpmNode.check("systemctl", "stop", "kubenode-agent");
        String state = unitProperty(rpmNode, "kubenode-agent", "ActiveState") + " "
                + unitProperty(rpmNode, "kubenode-agent", "Result");
        System.out.println("kn-svc-rpm: stopped while starting: " + state + ", main process exit "
                + unitProperty(rpmNode, "kubenode-agent", "ExecMainStatus"));
        rpmNode.check("systemctl", "start", "kubenode-agent");

        assertThat(state).isEqualTo("inactive success");
    }

    @Test
    @Order(7)
    void anUpgradeKeepsTheEditedConfigRestartsTheAgentOnceAndLeavesTheEnrollment() throws Exception {
        Path release2 = work.resolve("release-2");
        ExternalCommand.Result build = ExternalCommand.run(List.of(
                BuiltPackages.REPOSITORY.resolve("deploy/packaging/build-packages.sh").toString(), "agent",
                BuiltPackages.mavenVersion(), "2", "Proprietary"), Duration.ofMinutes(3),
                Map.of("KUBENODE_PACKAGES_OUT", release2.toString()));
        assertThat(build.exitCode()).as(build.describe()).isZero();
        String version2 = BuiltPackages.mavenVersion().replace("-SNAPSHOT", "") + "-2";

        for (NspawnHost node : List.of(debNode, rpmNode)) {
            String invocation = unitProperty(node, "kubenode-agent", "InvocationID");
            String enrollment = enrollment(node);
            String cursor = journalCursor(node);
            long start = System.nanoTime();
            if (node == debNode) {
                PackageInstall.installDebs(node, List.of(release2.resolve("kubenode-agent_" + version2 + "_all.deb")));
                assertThat(node.check("dpkg-query", "-W", "-f", "${Version}", "kubenode-agent")).isEqualTo(version2);
            } else {
                PackageInstall.installRpms(node, List.of(release2.resolve("kubenode-agent-" + version2
                        + ".noarch.rpm")), List.of("-U", "--nodeps"));
                String info = node.check("rpm", "-qi", "kubenode-agent");
                System.out.println(info);
                assertThat(info).contains("Release     : 2");
            }
            timings.put("upgrade to release 2 (" + node.hostname() + ")", seconds(start));

            String config = node.check("cat", AGENT_YAML);
            System.out.println(node.hostname() + ": " + AGENT_YAML + " after the upgrade ends with: "
                    + lastLines(config, 1));
            assertThat(config).endsWith(AGENT_YAML_EDIT);
            String journal = node.check("journalctl", "-u", "kubenode-agent", "--after-cursor", cursor, "--no-pager",
                    "-o", "cat");
            List<String> starts = journal.lines().filter(line -> line.startsWith("Started ")).toList();
            System.out.println(node.hostname() + ": unit starts during the upgrade: " + starts);
            assertThat(starts).hasSize(1);
            assertThat(unitProperty(node, "kubenode-agent", "InvocationID")).isNotEqualTo(invocation);
            assertThat(enrollment(node)).isEqualTo(enrollment);
            // The old process's last pass (cut short by the stop) is in the journal too: wait for the new one's.
            awaitPassSince(node, cursor, "_SYSTEMD_INVOCATION_ID="
                    + unitProperty(node, "kubenode-agent", "InvocationID"));
            assertConverged(node, false);
        }
    }

    @Test
    @Order(8)
    void anEraseStopsAndDisablesTheAgentAndLeavesItsState() throws Exception {
        debNode.check("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "remove", "-y", "-q", "kubenode-agent");
        rpmNode.check("rpm", "-e", "kubenode-agent");

        for (NspawnHost node : List.of(debNode, rpmNode)) {
            System.out.println(node.hostname() + ": after the erase:\n" + node.run("journalctl", "-u", "kubenode-agent",
                    "-n", "12", "--no-pager").stdout());
            assertThat(node.run("systemctl", "is-active", "kubenode-agent").stdout().strip()).isEqualTo("inactive");
            assertThat(node.run("sh", "-c", "ls /etc/systemd/system/*.wants/kubenode-agent.service").exitCode())
                    .as("an enablement link left").isNotZero();
            assertThat(node.run("test", "-e", "/usr/bin/kubenode-agent").exitCode()).isNotZero();
            String state = node.check("ls", AGENT_STATE, AGENT_STATE + "/pki");
            System.out.println(node.hostname() + ": after the erase " + AGENT_STATE + " holds: "
                    + state.replace('\n', ' '));
            assertThat(state).contains("ca.crt");
        }
    }

    // ----------------------------------------------------------------------------------------------------------

    private String kubenodectl(String... arguments) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("kubenodectl"));
        argv.addAll(List.of(arguments));
        argv.addAll(List.of("--config", ADMIN_CONF));
        return controller.check(argv.toArray(String[]::new));
    }

    /** Waits until get nodes shows the node's agent reported at the desired generation. */
    private void awaitReportedPass(NspawnHost node, int generation) throws Exception {
        long deadline = System.nanoTime() + REPORTED_WITHIN.toNanos();
        String row = "";
        while (System.nanoTime() < deadline) {
            row = kubenodectl("get", "nodes").lines().filter(line -> line.startsWith(node.hostname() + " "))
                    .findFirst().orElse("");
            if (row.contains(" " + generation + "/" + generation + " ")) {
                System.out.println("get nodes: " + row);
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(node.hostname() + " reported no pass at generation " + generation + " within "
                + REPORTED_WITHIN + ": " + row + "\n" + node.run("journalctl", "-u", "kubenode-agent", "-n", "40",
                "--no-pager").stdout());
    }

    /** The node's identity and enrollment: key, certificate, CA, enrollment record, and the state dir's mode. */
    private static String enrollment(NspawnHost host) throws IOException, InterruptedException {
        return host.check("sh", "-c", "cd " + AGENT_STATE + " && sha256sum pki/* enrollment.yaml && stat -c '%a %U' .");
    }

    /**
     * The last pass (last-report.json) made every resource match the catalog: hostname, the /etc/hosts block, the
     * packages from the Kubernetes repository, containerd, runc and the CNI plugins from their archives, files and
     * services. The only ones not ready are what waits for kubeadm init (the apiserver and the endpoint through the
     * VIP), which no orchestration step runs here.
     */
    private void assertConverged(NspawnHost host, boolean firstPass) throws IOException, InterruptedException {
        JsonNode report = Documents.json().readTree(host.check("cat", AGENT_STATE + "/last-report.json"));
        Map<String, List<String>> byState = new TreeMap<>();
        List<String> unexpected = new ArrayList<>();
        for (JsonNode resource : report.path("resources")) {
            String id = resource.path("id").asText();
            String state = resource.path("state").asText();
            byState.computeIfAbsent(state, key -> new ArrayList<>()).add(id);
            boolean expected = switch (state) {
                case "in_sync" -> true;
                case "changed" -> firstPass;
                case "not_ready" -> NOT_READY_WITHOUT_KUBEADM_INIT.contains(id);
                default -> false;
            };
            if (!expected) {
                unexpected.add(resource.toString());
            }
        }
        System.out.println(host.hostname() + ": last pass, resources by state: " + byState);
        assertThat(unexpected).as(host.hostname() + ": resources not converged").isEmpty();
        List<String> matching = new ArrayList<>(byState.getOrDefault("in_sync", List.of()));
        matching.addAll(byState.getOrDefault("changed", List.of()));
        assertThat(matching).as(host.hostname() + ": what the catalog holds, applied")
                .contains("hostname:system", "managedBlock:/etc/hosts", "package:curl", "package:kubelet",
                        "archive:containerd", "archive:runc", "archive:cni-plugins", "service:containerd",
                        "file:/etc/containerd/config.toml");
    }

    /**
     * Waits until the unit's main process is the JVM and catches SIGTERM (the JVM's own handler, which exits 143;
     * before it a SIGTERM kills the process, which systemd counts as clean), and not a moment longer: the program
     * installs its own handler a second or more later.
     */
    private static void awaitTheJvmRunning(NspawnHost host, String unit) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String pid = unitProperty(host, unit, "MainPID");
            String caught = host.run("sh", "-c", "grep -s ^SigCgt: /proc/" + pid + "/status").stdout();
            if (!pid.equals("0") && !caught.isBlank()
                    && (Long.parseLong(caught.substring("SigCgt:".length()).strip(), 16) & (1L << 14)) != 0) {
                return;
            }
        }
        throw new AssertionError(unit + ": no process catching SIGTERM within 10 s");
    }

    private static String unitProperty(NspawnHost host, String unit, String property)
            throws IOException, InterruptedException {
        return host.check("systemctl", "show", "-P", property, unit).strip();
    }

    private static String journalCursor(NspawnHost host) throws IOException, InterruptedException {
        String out = host.check("journalctl", "-n", "0", "--show-cursor", "--no-pager");
        return out.lines().filter(line -> line.startsWith("-- cursor: ")).findFirst()
                .map(line -> line.substring("-- cursor: ".length())).orElseThrow();
    }

    /** Waits for the agent's "pass over generation" line after {@code cursor} (null: in this boot). */
    private static void awaitPassSince(NspawnHost host, String cursor, String... matches) throws Exception {
        awaitPassAfter(host, cursor, null, matches);
    }

    /** As above, counting only a pass logged after the first line containing {@code marker} (null: any). */
    private static void awaitPassAfter(NspawnHost host, String cursor, String marker, String... matches)
            throws Exception {
        List<String> argv = new ArrayList<>(List.of("journalctl", "-u", "kubenode-agent", "--no-pager", "-o",
                "cat"));
        argv.addAll(List.of(matches));
        argv.addAll(cursor == null ? List.of("-b") : List.of("--after-cursor", cursor));
        long deadline = System.nanoTime() + REPORTED_WITHIN.toNanos();
        String journal = "";
        while (System.nanoTime() < deadline) {
            journal = host.check(argv.toArray(String[]::new));
            List<String> lines = journal.lines().toList();
            int from = 0;
            if (marker != null) {
                from = lines.size();
                for (int i = 0; i < lines.size(); i++) {
                    if (lines.get(i).contains(marker)) {
                        from = i + 1;
                        break;
                    }
                }
            }
            String pass = lines.subList(from, lines.size()).stream()
                    .filter(line -> line.contains("pass over generation")).findFirst().orElse(null);
            if (pass != null) {
                System.out.println(host.hostname() + ": " + pass);
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(host.hostname() + ": no pass within " + REPORTED_WITHIN + ":\n"
                + lastLines(journal, 30));
    }

    /** Every JSON and YAML file of the agent's state dir parses, every PEM file is whole. */
    private static void assertStateFilesParse(NspawnHost host) throws IOException, InterruptedException {
        List<String> files = host.check("find", AGENT_STATE, "-type", "f", "-not", "-path", "*/cds/*").lines()
                .sorted().toList();
        System.out.println(host.hostname() + ": state files: " + files);
        assertThat(files).isNotEmpty();
        for (String file : files) {
            if (file.startsWith(AGENT_STATE + "/cache/")) {
                // The download cache is content-addressed: a whole file's sha256 is its name.
                String name = file.substring(file.lastIndexOf('/') + 1);
                assertThat(host.check("sha256sum", file)).as(file).startsWith(name + " ");
                continue;
            }
            String text = host.check("cat", file);
            if (file.endsWith(".json")) {
                Documents.json().readTree(text);
            } else if (file.endsWith(".yaml") || file.endsWith(".yml")) {
                Documents.yaml().readTree(text);
            } else if (text.startsWith("-----BEGIN")) {
                assertThat(text.strip()).as(file).endsWith("-----");
            }
        }
    }

    private static double exposure(NspawnHost host, String unit) throws IOException, InterruptedException {
        ExternalCommand.Result result = host.run("systemd-analyze", "security", "--no-pager", unit);
        Matcher matcher = EXPOSURE.matcher(result.stdout());
        assertThat(matcher.find()).as(result.describe()).isTrue();
        double exposure = Double.parseDouble(matcher.group(1));
        System.out.println(host.hostname() + ": systemd-analyze security " + unit + ": "
                + lastLines(result.stdout(), 1));
        return exposure;
    }

    /**
     * Two nodes of a Debian cluster, everything downloaded from this test's server. No kernel modules, sysctls or
     * swap: the compiler emits those only when the document asks, and a container shares this machine's kernel
     * (the QEMU AgentVmIT covers them).
     */
    private String clusterDocument() {
        Map<String, String> values = new LinkedHashMap<>(documentValues);
        values.put("SERVER", hosts.hostAddress() + ":" + downloadServer.port());
        values.put("ENDPOINT", controller.address());
        values.put("CONTROL_PLANE", debNode.hostname());
        values.put("CONTROL_PLANE_ADDRESS", debNode.address());
        values.put("WORKER", rpmNode.hostname());
        values.put("WORKER_ADDRESS", rpmNode.address());
        String document = """
                apiVersion: kubenode.io/v1alpha1
                kind: Cluster
                metadata:
                  name: services
                spec:
                  kubernetes:
                    version: ${KUBERNETES_VERSION}
                    packageRepository:
                      apt:
                        baseUrl: https://${SERVER}/repo/
                        gpgKey: https://${SERVER}/Release.key
                        gpgKeySha256: ${REPO_KEY_SHA256}
                    podSubnet: 10.244.0.0/16
                    serviceSubnet: 10.96.0.0/12
                  controlPlaneEndpoint:
                    host: k8s-cp.internal
                    address: ${ENDPOINT}
                    port: 8888
                  containerRuntime:
                    containerd:
                      version: ${CONTAINERD_VERSION}
                      url: https://${SERVER}${CONTAINERD_PATH}
                      sha256: ${CONTAINERD_SHA256}
                      systemdCgroup: true
                    runc:
                      version: ${RUNC_VERSION}
                      url: https://${SERVER}${RUNC_PATH}
                      sha256: ${RUNC_SHA256}
                    cniPlugins:
                      version: ${CNI_VERSION}
                      url: https://${SERVER}${CNI_PATH}
                      sha256: ${CNI_SHA256}
                  network:
                    plugin: flannel
                    manifest:
                      url: https://${SERVER}/kube-flannel.yml
                      sha256: ${MANIFEST_SHA256}
                  host:
                    osFamily: debian
                    packages: [curl]
                  nodes:
                  - {name: ${CONTROL_PLANE}, address: ${CONTROL_PLANE_ADDRESS}, role: control-plane}
                  - {name: ${WORKER}, address: ${WORKER_ADDRESS}, role: worker}
                """;
        for (Map.Entry<String, String> value : values.entrySet()) {
            document = document.replace("${" + value.getKey() + "}", value.getValue());
        }
        assertThat(document).as("every placeholder filled").doesNotContain("${");
        return document;
    }

    private String readyzFromThisHost() throws IOException, InterruptedException {
        Path ca = work.resolve("controller-ca.crt");
        Files.writeString(ca, controller.check("cat", DATA_DIR + "/pki/ca.crt"));
        ExternalCommand.Result curl = ExternalCommand.run(List.of(ExternalCommand.require("curl"), "-sS",
                "--max-time", "10", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", ca.toString(),
                "https://" + controller.address() + ":9443/readyz"), Duration.ofSeconds(20), Map.of());
        System.out.println("curl --cacert ... https://" + controller.address() + ":9443/readyz from this host: "
                + curl.stdout() + " " + curl.stderr());
        return curl.stdout().strip();
    }

    private static void printStatus(NspawnHost host, String unit) throws IOException, InterruptedException {
        System.out.println(host.hostname() + ": " + lastLines(host.run("systemctl", "status", "--no-pager",
                "--lines", "5", unit).stdout(), 20));
    }

    /** The requirements rpm --test listed as "X is needed by P". */
    private static List<String> unmetRequirements(String stderr) {
        return stderr.lines().map(String::strip).filter(line -> line.contains(" is needed by "))
                .map(line -> line.substring(0, line.indexOf(" is needed by "))).distinct().toList();
    }

    private static String lastLines(String text, int count) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
