package io.kubenode.agent.cli;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catalog can never rewrite the agent's own trust (its config with the policy, controller URL and CA; the state
 * dir with pki/ca.crt and enrollment.yaml), whatever writablePaths says, at the paths the agent actually runs with.
 */
class AgentOwnFilesTest {
    private static final String ATTACKER_CONFIG = "controller: {url: 'https://attacker.example:9443'}\n";

    @TempDir
    Path dir;

    @Test
    void theDefaultPolicyRefusesTheDefaultConfigAndStateFiles() throws Exception {
        Path root = dir.resolve("root");
        Path catalog = write(EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/kubenode/agent.yaml", ATTACKER_CONFIG, "0644"),
                FileSpec.rootOwned("/var/lib/kubenode-agent/pki/ca.crt", "attacker CA\n", "0644"),
                FileSpec.rootOwned("/var/lib/kubenode-agent/enrollment.yaml", "controllerUrl: https://x\n", "0600")));

        AgentRunner.Run run = AgentRunner.run("apply", "--once", "--sandbox", "--catalog", catalog.toString(),
                "--root", root.toString(), "--config", dir.resolve("none.yaml").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("! file:/etc/kubenode/agent.yaml failed: refused by the path policy",
                "! file:/var/lib/kubenode-agent/pki/ca.crt failed: refused by the path policy: "
                        + "/var/lib/kubenode-agent/pki/ca.crt is inside the agent's own configuration or state "
                        + "/var/lib/kubenode-agent", "! file:/var/lib/kubenode-agent/enrollment.yaml failed");
        assertThat(root.resolve("etc/kubenode/agent.yaml")).doesNotExist();
        assertThat(root.resolve("var/lib/kubenode-agent/pki/ca.crt")).doesNotExist();
        assertThat(root.resolve("var/lib/kubenode-agent/enrollment.yaml")).doesNotExist();
    }

    @Test
    void theConfigAndStateDirInUseStayRefusedWhenWritablePathsCoverThem() throws Exception {
        Path root = dir.resolve("root");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "writablePaths: [/etc, /var, /tmp, /srv]\n"
                + "stateDir: /srv/kubenode-state\ncontroller: {caFile: /etc/pki/kubenode-controller.crt}\n");
        Path catalog = write(EngineHarness.catalogOf(
                FileSpec.rootOwned(config.toString(), ATTACKER_CONFIG, "0644"),
                FileSpec.rootOwned("/srv/kubenode-state/pki/ca.crt", "attacker CA\n", "0644"),
                FileSpec.rootOwned("/etc/pki/kubenode-controller.crt", "attacker CA\n", "0644"),
                FileSpec.rootOwned("/etc/kubenode/agent.yaml", "not this agent's config\n", "0644")));

        AgentRunner.Run run = AgentRunner.run("apply", "--once", "--sandbox", "--catalog", catalog.toString(),
                "--root", root.toString(), "--config", config.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("! file:" + config + " failed: refused by the path policy: " + config
                        + " is the agent's own configuration or state",
                "! file:/srv/kubenode-state/pki/ca.crt failed: refused by the path policy",
                "! file:/etc/pki/kubenode-controller.crt failed: refused by the path policy",
                "+ file:/etc/kubenode/agent.yaml");
        assertThat(root.resolve(config.toString().substring(1))).doesNotExist();
        assertThat(root.resolve("srv/kubenode-state/pki/ca.crt")).doesNotExist();
        assertThat(root.resolve("etc/pki/kubenode-controller.crt")).doesNotExist();
        assertThat(root.resolve("etc/kubenode/agent.yaml")).isRegularFile();
    }

    @Test
    void aStateDirGivenOnTheCommandLineIsTheOneProtected() throws Exception {
        Path root = dir.resolve("root");
        Path config = Files.writeString(dir.resolve("agent.yaml"), "writablePaths: [/var]\n");
        Path catalog = write(EngineHarness.catalogOf(
                FileSpec.rootOwned("/var/lib/other-agent/pki/ca.crt", "attacker CA\n", "0644")));

        AgentRunner.Run run = AgentRunner.run("apply", "--once", "--sandbox", "--catalog", catalog.toString(),
                "--root", root.toString(), "--config", config.toString(), "--state-dir", "/var/lib/other-agent");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.stdout()).contains("inside the agent's own configuration or state /var/lib/other-agent");
        assertThat(root.resolve("var/lib/other-agent/pki/ca.crt")).doesNotExist();
    }

    private Path write(NodeCatalog catalog) throws Exception {
        return Files.writeString(dir.resolve("catalog.json"), Documents.toJson(catalog));
    }
}
