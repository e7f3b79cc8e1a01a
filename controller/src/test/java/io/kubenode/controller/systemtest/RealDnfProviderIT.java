package io.kubenode.controller.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.cluster.PackageRepository;
import io.kubenode.common.document.Documents;
import io.kubenode.controller.compiler.kubernetes.KubernetesPackagesBuilder;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's dnf package provider against real dnf (Debian's dnf 4 and rpm, in a booted container): the agent's
 * own jars run {@code kubenode-agent apply --once} inside on a catalog with the repository file the compiler writes
 * for RHEL nodes ({@code exclude=kubelet kubeadm kubectl ...}, gpgcheck on) and the three pinned packages; the
 * repository is a local one of signed stand-in RPMs (rpmbuild, rpmsign on this host; createrepo_c inside).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealDnfProviderIT {
    private static final List<String> TRIO = KubernetesPackagesBuilder.PINNED;
    private static final String REPOSITORY = "/srv/kubenode-rpm/kubernetes";
    private static final Duration AGENT_TIMEOUT = Duration.ofMinutes(3);

    private NspawnHosts hosts;
    private NspawnHost host;
    private Path work;

    @BeforeAll
    void bootAHostWithDnfAndTheRepository() throws Exception {
        long start = System.nanoTime();
        work = Files.createTempDirectory("real-dnf");
        KubernetesStandInRpms rpms = KubernetesStandInRpms.build(work, TRIO, List.of("1.32.1", "1.32.2"));
        long built = System.nanoTime();
        hosts = NspawnHosts.open();
        host = hosts.boot("kn-dnf1");
        long booted = System.nanoTime();
        // 76 Debian packages (python3 among them): dpkg without fsync and without documentation, as a test box
        PackageInstall.leaveOutDocumentation(host);
        // rpm: the agent's query tool (rpm -q), which a RHEL host has; Debian's dnf needs only the rpm library
        PackageInstall.installDebs(host, DebianPackages.forImage(hosts, List.of("dnf", "createrepo-c", "rpm")));
        long dnfInstalled = System.nanoTime();

        PackageInstall.installRpms(host, List.of(rpms.base()), List.of());
        host.copyIn(rpms.directory(), REPOSITORY);
        host.check("createrepo_c", "--quiet", REPOSITORY);
        // where pkgs.k8s.io publishes its key, which the compiler's gpgkey= points at
        Path key = work.resolve("repomd.xml.key");
        Files.writeString(key, rpms.publicKey());
        host.copyIn(key, REPOSITORY + "/repodata/repomd.xml.key");

        AgentFromTheBuild.copyInto(host);
        System.out.printf("RealDnfProviderIT set-up: RPMs built and signed %d ms, booted %d ms, Debian's dnf, "
                        + "createrepo_c and rpm installed %d ms, repository and agent in place %d ms%n",
                millis(start, built), millis(built, booted), millis(booted, dnfInstalled),
                millis(dnfInstalled, System.nanoTime()));
    }

    private static long millis(long from, long to) {
        return (to - from) / 1_000_000;
    }

    @AfterAll
    void closeHosts() throws Exception {
        NspawnHosts.closeAndDelete(hosts, work);
    }

    @Test
    @Order(1)
    void theAgentInstallsThePinnedVersionsThroughDisableexcludes() throws Exception {
        JsonNode report = applyPinned("1.32.1");

        assertThat(report.path("resources")).allSatisfy(resource ->
                assertThat(resource.path("state").asText()).as("%s", resource).isEqualTo("changed"));
        assertThat(installed()).isEqualTo(versions("1.32.1"));
        assertThat(host.check("kubeadm")).isEqualTo("kubeadm v1.32.1\n");
        assertThat(host.check("dnf", "history", "info", "1") + host.check("dnf", "history", "info", "2")
                + host.check("dnf", "history", "info", "3")).as("the agent's own dnf commands, one per package")
                .contains("install -y --allowerasing --disableexcludes=kubernetes -- kubelet-1.32.1",
                        "install -y --allowerasing --disableexcludes=kubernetes -- kubeadm-1.32.1",
                        "install -y --allowerasing --disableexcludes=kubernetes -- kubectl-1.32.1");
        assertThat(host.check("rpm", "-q", "--qf", "%{RSAHEADER:pgpsig}\\n", "kubelet")).as("signed").contains("Key ID");
        assertThat(host.check("rpm", "-q", "--qf", "%{SUMMARY}\\n", "gpg-pubkey"))
                .as("the repository's key, imported by dnf -y from gpgkey=").contains("rpm-repo@kubenode.invalid");
    }

    @Test
    @Order(2)
    void plainDnfFindsNoneOfThemThroughTheExclude() throws Exception {
        ExternalCommand.Result plain = host.run(List.of("dnf", "install", "-y", "--", "kubelet-1.32.2"),
                Duration.ofMinutes(2));

        ExternalCommand.Result missing = host.run(List.of("dnf", "install", "-y", "--disableexcludes=kubernetes",
                "--", "kubelet-1.32.9"), Duration.ofMinutes(2));

        // the outputs FakeRpmDnf speaks for an excluded and for a missing package
        assertThat(plain.exitCode()).isEqualTo(1);
        assertThat(plain.stdout()).contains("All matches were filtered out by exclude filtering for argument: "
                + "kubelet-1.32.2\n");
        assertThat(plain.stderr()).isEqualTo("Error: Unable to find a match: kubelet-1.32.2\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stdout()).contains("No match for argument: kubelet-1.32.9\n");
        assertThat(missing.stderr()).isEqualTo("Error: Unable to find a match: kubelet-1.32.9\n");
        assertThat(installed()).isEqualTo(versions("1.32.1"));
    }

    @Test
    @Order(3)
    void aSecondPassLeavesThemAloneWithoutADnfTransaction() throws Exception {
        String historyBefore = host.check("dnf", "history", "list");

        JsonNode report = applyPinned("1.32.1");

        assertThat(report.path("resources")).allSatisfy(resource ->
                assertThat(resource.path("state").asText()).as("%s", resource).isEqualTo("in_sync"));
        assertThat(host.check("dnf", "history", "list")).isEqualTo(historyBefore);
        assertThat(installed()).isEqualTo(versions("1.32.1"));
    }

    @Test
    @Order(4)
    void aRaisedPinUpgradesAndALoweredOneDowngrades() throws Exception {
        JsonNode up = applyPinned("1.32.2");
        assertThat(installed()).isEqualTo(versions("1.32.2"));
        assertThat(changesOf(up)).contains("~ package:kubelet 1.32.1 -> 1.32.2");

        JsonNode down = applyPinned("1.32.1");
        assertThat(installed()).isEqualTo(versions("1.32.1"));
        assertThat(changesOf(down)).contains("~ package:kubelet 1.32.2 -> 1.32.1");
        assertThat(host.check("kubectl")).isEqualTo("kubectl v1.32.1\n");
    }

    @Test
    @Order(5)
    void aVersionTheRepositoryLacksIsAFailedResourceWithDnfsReason() throws Exception {
        JsonNode report = apply(catalog("1.32.9"), 1);

        JsonNode kubelet = resource(report, "package:kubelet");
        assertThat(kubelet.path("state").asText()).isEqualTo("failed");
        assertThat(kubelet.path("message").asText()).isEqualTo("dnf install -y --allowerasing "
                + "--disableexcludes=kubernetes -- kubelet-1.32.9 exited 1: Error: Unable to find a match: kubelet-1.32.9");
        assertThat(installed()).as("nothing changed").isEqualTo(versions("1.32.1"));
    }

    private JsonNode applyPinned(String version) throws Exception {
        return apply(catalog(version), 0);
    }

    /** {@code kubenode-agent apply --once} inside the container with the agent's jars; its JSON report. */
    private JsonNode apply(NodeCatalog catalog, int expectedExit) throws Exception {
        Path file = work.resolve("catalog.json");
        Files.writeString(file, Documents.toJson(catalog));
        host.copyIn(file, "/root/catalog.json");
        ExternalCommand.Result run = host.run(AgentFromTheBuild.argv("apply", "--once", "--catalog",
                "/root/catalog.json", "-o", "json"), AGENT_TIMEOUT);
        System.out.println(run.describe());
        assertThat(run.exitCode()).as("%s", run.describe()).isEqualTo(expectedExit);
        return Documents.json().readTree(run.stdout());
    }

    /** What the compiler gives a RHEL node: the repository file and the trio pinned, behind its exclude=. */
    private static NodeCatalog catalog(String version) {
        String repositoryFile = KubernetesPackagesBuilder.YUM_REPO_FILE;
        List<CatalogResource> resources = new ArrayList<>();
        resources.add(new CatalogResource("file:" + repositoryFile, List.of(), List.of(), FileSpec.rootOwned(
                repositoryFile, KubernetesPackagesBuilder.yumRepo(new PackageRepository("file://" + REPOSITORY + "/",
                        "file://" + REPOSITORY + "/repodata/repomd.xml.key", null)), "0644")));
        for (String name : TRIO) {
            resources.add(new CatalogResource("package:" + name, List.of("file:" + repositoryFile), List.of(),
                    new PackageSpec(name, version, KubernetesPackagesBuilder.REPO_ID)));
        }
        return NodeCatalog.of("lab", "kn-dnf1", 0, new NodeCatalog.Spec("worker", OsFamily.RHEL, resources));
    }

    private String installed() throws Exception {
        List<String> argv = new ArrayList<>(List.of("rpm", "-q", "--qf", "%{NAME}-%{VERSION}-%{RELEASE}\\n"));
        argv.addAll(TRIO);
        return host.check(argv.toArray(String[]::new));
    }

    private static String versions(String version) {
        return String.join("", TRIO.stream().map(name -> name + "-" + version + "-"
                + KubernetesStandInRpms.RELEASE + "\n").toList());
    }

    private static JsonNode resource(JsonNode report, String id) {
        for (JsonNode resource : report.path("resources")) {
            if (resource.path("id").asText().equals(id)) {
                return resource;
            }
        }
        throw new AssertionError("no " + id + " in " + report);
    }

    private static List<String> changesOf(JsonNode report) {
        List<String> changes = new ArrayList<>();
        report.path("resources").forEach(resource -> resource.path("changes").forEach(
                change -> changes.add(change.asText())));
        return changes;
    }
}
