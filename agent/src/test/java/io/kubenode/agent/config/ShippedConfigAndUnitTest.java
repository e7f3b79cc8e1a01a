package io.kubenode.agent.config;

import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.policy.PathPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.common.catalog.AgentPolicyDefaults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the packages install from systemd/: /etc/kubenode/agent.yaml shows every setting commented out with its real
 * default, and kubenode-agent.service's read-only system leaves writable every place the default policy lets a
 * catalog write (and the state dir).
 */
class ShippedConfigAndUnitTest {
    private static final Path SYSTEMD = Path.of(System.getProperty("project.basedir", "agent")).toAbsolutePath()
            .getParent().resolve("systemd");
    private static final Path AGENT_YAML = SYSTEMD.resolve("config/agent.yaml");

    @TempDir
    Path dir;

    @Test
    void theShippedAgentYamlAsInstalledMeansEveryDefault() {
        AgentConfigLoader.Loaded loaded = AgentConfigLoader.load(LocalHost.machine(), AGENT_YAML.toString());

        assertThat(loaded.problems()).isEmpty();
        assertThat(loaded.config()).isEqualTo(AgentConfig.defaults());
    }

    @Test
    void everySettingIsShownAndEachCommentedValueIsTheDefault() throws Exception {
        String shipped = Files.readString(AGENT_YAML);
        for (RecordComponent setting : AgentConfig.class.getRecordComponents()) {
            assertThat(shipped).as("agent.yaml shows %s", setting.getName()).contains("\n#" + setting.getName() + ":");
        }
        // a setting line is '#' followed by the YAML itself; prose is '# ' and words
        String uncommented = shipped.lines().map(line -> line.matches("#([A-Za-z-]|  ).*") ? line.substring(1) : line)
                .collect(Collectors.joining("\n", "", "\n"));
        Path file = Files.writeString(dir.resolve("agent.yaml"), uncommented);

        AgentConfigLoader.Loaded loaded = AgentConfigLoader.load(LocalHost.machine(), file.toString());

        assertThat(loaded.problems()).isEmpty();
        AgentConfig config = loaded.config();
        assertThat(config.stateDir()).isEqualTo(HandlerContext.DEFAULT_STATE_DIR);
        assertThat(config.metricsAddress()).isEqualTo(AgentConfig.DEFAULT_METRICS_ADDRESS);
        assertThat(config.intervalSeconds()).isEqualTo(AgentConfig.DEFAULT_INTERVAL_SECONDS);
        assertThat(config.writablePaths()).isEqualTo(PathPolicy.DEFAULT_WRITABLE);
        assertThat(config.validateCommands()).isEqualTo(AgentPolicyDefaults.VALIDATE_COMMANDS);
        assertThat(config.sysctlPrefixes()).isEqualTo(AgentPolicyDefaults.SYSCTL_PREFIXES);
        assertThat(config.controller().caFile()).as("the default CA the example names")
                .isEqualTo(HandlerContext.DEFAULT_STATE_DIR + "/pki/ca.crt");
    }

    @Test
    void theUnitLeavesWritableEveryDirectoryTheDefaultPolicyWritesIn() throws Exception {
        List<String> unit = Files.readAllLines(SYSTEMD.resolve("kubenode-agent.service"));
        assertThat(unit).contains("ProtectSystem=strict");
        List<String> writable = new ArrayList<>();
        unit.stream().filter(line -> line.startsWith("ReadWritePaths="))
                .forEach(line -> writable.addAll(Arrays.asList(line.substring("ReadWritePaths=".length()).split(" "))));

        List<String> needed = new ArrayList<>();
        for (String path : PathPolicy.DEFAULT_WRITABLE) {
            // a file is replaced by a rename in its directory, so the directory itself must be writable
            needed.add(path.endsWith("/") ? path : Path.of(path).getParent().toString());
        }
        needed.add(HandlerContext.DEFAULT_STATE_DIR);

        assertThat(needed).allSatisfy(path -> assertThat(writable)
                .as("%s within ReadWritePaths=%s", path, writable)
                .anySatisfy(entry -> assertThat(Path.of(path).startsWith(Path.of(entry))).isTrue()));
    }
}
