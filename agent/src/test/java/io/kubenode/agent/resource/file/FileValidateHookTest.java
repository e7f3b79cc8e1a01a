package io.kubenode.agent.resource.file;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.RealCommands;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The validate hook with the real {@code haproxy -c -f %s}. */
class FileValidateHookTest {
    private static final String PATH = "/etc/haproxy/haproxy.cfg";
    private static final List<String> HAPROXY_CHECK = AgentPolicyDefaults.HAPROXY_CHECK;
    private static final String GOOD = """
            global
                maxconn 100

            defaults
                mode tcp
                timeout connect 5s
                timeout client 30s
                timeout server 30s

            frontend apiserver
                bind 127.0.0.1:18888
                default_backend apiserver

            backend apiserver
                server cp1 127.0.0.1:16443 check
            """;
    private static final String BROKEN = GOOD.replace("mode tcp", "mode tcp\n    no-such-keyword here");

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @BeforeAll
    static void haproxyIsInstalled() {
        RealCommands.runChecked("haproxy", "-v");
    }

    @Test
    void aConfigurationHaproxyAcceptsIsInstalled() throws Exception {
        Report report = engine.apply(catalog(GOOD), new LocalHost(root));

        assertThat(report.failed()).as("%s", report.resources()).isFalse();
        assertThat(Files.readString(real(PATH))).isEqualTo(GOOD);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aConfigurationHaproxyRejectsIsRefusedAndTheOldFileStaysByteIdentical() throws Exception {
        Files.createDirectories(real(PATH).getParent());
        byte[] before = ("# the running configuration\n" + GOOD).getBytes();
        Files.write(real(PATH), before);

        Report report = engine.apply(catalog(BROKEN), new LocalHost(root));

        assertThat(report.failed()).isTrue();
        assertThat(report.resources().get(0).message())
                .contains("validation refused the new content of " + PATH)
                .contains("haproxy -c -f " + root.resolve("etc/haproxy"))
                .contains("exited 1")
                .contains("no-such-keyword");
        assertThat(Files.readAllBytes(real(PATH))).isEqualTo(before);
        assertThat(leftovers()).as("temporary file deleted").isEmpty();
        assertThat(root.resolve("var/lib/kubenode-agent/backups")).as("nothing replaced, nothing backed up")
                .doesNotExist();
    }

    @Test
    void sandboxModeNeverRunsTheValidator() throws Exception {
        SandboxHost sandbox = new SandboxHost(root, Simulations.all());

        Report report = engine.apply(catalog(BROKEN), sandbox);

        assertThat(report.failed()).as("%s", report.resources()).isFalse();
        assertThat(sandbox.recordedCommands()).isEmpty();
        assertThat(Files.readString(real(PATH))).isEqualTo(BROKEN);
    }

    @Test
    void inSandboxModeAValidatorRunsThroughTheSimulatorStandingInForItsProgram() throws Exception {
        // Outside the machine's /etc/haproxy, where the test looks for leftovers.
        Path calls = Files.createDirectories(root.resolve("test-bin")).resolve("haproxy-calls");
        Path simulator = root.resolve("test-bin/haproxy");
        // A stand-in that records its arguments and lets the real haproxy judge the file.
        Files.writeString(simulator, "#!/bin/sh\necho \"$*\" >> '" + calls + "'\nexec haproxy \"$@\"\n");
        Files.setPosixFilePermissions(simulator, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        SandboxHost sandbox = new SandboxHost(root, Simulations.all(), new SandboxSimulators(Map.of("haproxy",
                simulator), SandboxSimulators.loopbackAddress("127.0.0.1")));
        Files.createDirectories(real(PATH).getParent());
        Files.writeString(real(PATH), GOOD);

        Report report = engine.apply(catalog(BROKEN), sandbox);

        assertThat(report.failed()).isTrue();
        assertThat(report.resources().get(0).message()).contains("validation refused the new content of " + PATH)
                .contains("no-such-keyword");
        assertThat(Files.readString(real(PATH))).isEqualTo(GOOD);
        assertThat(Files.readString(calls)).startsWith("-c -f " + root.resolve("etc/haproxy/.haproxy.cfg"
                + ".kubenode-validate-"));
        assertThat(leftovers()).isEmpty();
    }

    private static io.kubenode.common.catalog.NodeCatalog catalog(String content) {
        return EngineHarness.catalogOf(FileSpec.rootOwned(PATH, content, "0644").validatedBy(HAPROXY_CHECK));
    }

    private Path real(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    private List<String> leftovers() throws Exception {
        try (Stream<Path> entries = Files.list(real(PATH).getParent())) {
            return entries.map(path -> path.getFileName().toString()).filter(name -> name.startsWith(".")).toList();
        }
    }
}
