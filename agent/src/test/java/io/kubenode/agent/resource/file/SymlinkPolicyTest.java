package io.kubenode.agent.resource.file;

import io.kubenode.agent.config.AgentConfig;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.policy.PathPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.managedblock.ManagedBlockHandler;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path policy applies to where a write really lands, not only to the path as written. The policy here is an
 * operator's wide one ({@code /etc/} writable), so the links are what is refused.
 */
class SymlinkPolicyTest {
    @TempDir
    Path root;

    private final HandlerContext context = new HandlerContext(OsFamily.RHEL, HandlerContext.DEFAULT_STATE_DIR,
            Clock.systemUTC());
    private final EngineHarness engine = new EngineHarness(new HandlerRegistry(List.of(new FileHandler(context),
            new ManagedBlockHandler())), AgentPolicy.withPaths(new PathPolicy(List.of("/etc/"),
            List.of(AgentConfig.DEFAULT_PATH, HandlerContext.DEFAULT_STATE_DIR))));

    @Test
    void aLinkUnderAWritablePrefixCannotCarryAWriteOutsideIt() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("root/.ssh"));
        Files.createSymbolicLink(root.resolve("etc/foo"), Path.of("/root/.ssh"));

        Report report = engine.apply(EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/foo/authorized_keys", "ssh-ed25519 AAAA attacker\n", "0600")), host());

        assertThat(report.failed()).isTrue();
        assertThat(report.resources().get(0).message()).startsWith("refused by the path policy: "
                + "/etc/foo/authorized_keys resolves through a symbolic link to /root/.ssh/authorized_keys, which"
                + " may not be written: /root/.ssh/authorized_keys is outside the writable paths");
        assertThat(root.resolve("root/.ssh/authorized_keys")).doesNotExist();
    }

    @Test
    void aLinkedTargetFileIsRefusedWhenItsTargetIsNotWritable() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("run/systemd/resolve"));
        Path stub = Files.writeString(root.resolve("run/systemd/resolve/stub-resolv.conf"), "nameserver 127.0.0.53\n");
        Files.createSymbolicLink(root.resolve("etc/resolv.conf"), Path.of("../run/systemd/resolve/stub-resolv.conf"));

        Report report = engine.apply(EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/resolv.conf", "nameserver 192.0.2.1\n", "0644")), host());

        assertThat(report.resources().get(0).message()).startsWith("refused by the path policy: /etc/resolv.conf "
                + "resolves through a symbolic link to /run/systemd/resolve/stub-resolv.conf");
        assertThat(stub).hasContent("nameserver 127.0.0.53\n");
    }

    @Test
    void aLinkWithinTheWritablePathsIsWrittenThrough() throws Exception {
        Files.createDirectories(root.resolve("etc/containerd"));
        Files.createSymbolicLink(root.resolve("etc/containerd.toml"), Path.of("containerd/config.toml"));

        Report report = engine.apply(EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/containerd.toml", "version = 2\n", "0644")), host());

        assertThat(report.failed()).as("%s", report.resources()).isFalse();
        assertThat(Files.isSymbolicLink(root.resolve("etc/containerd.toml"))).isTrue();
        assertThat(root.resolve("etc/containerd/config.toml")).hasContent("version = 2\n");
    }

    @Test
    void aLinkCannotCarryAWriteIntoTheAgentsOwnConfiguration() throws Exception {
        Files.createDirectories(root.resolve("etc/kubenode"));
        Path config = Files.writeString(root.resolve("etc/kubenode/agent.yaml"), "writablePaths: [/etc/]\n");
        Files.createDirectories(root.resolve("etc/containerd"));
        Files.createSymbolicLink(root.resolve("etc/containerd/evil.toml"), Path.of("/etc/kubenode/agent.yaml"));

        Report report = engine.apply(EngineHarness.catalogOf(
                FileSpec.rootOwned("/etc/containerd/evil.toml", "writablePaths: [/]\n", "0644")), host());

        assertThat(report.resources().get(0).message()).startsWith("refused by the path policy: "
                + "/etc/containerd/evil.toml resolves through a symbolic link to /etc/kubenode/agent.yaml")
                .contains("the agent's own configuration or state");
        assertThat(config).hasContent("writablePaths: [/etc/]\n");
    }

    private LocalHost host() {
        return new LocalHost(root);
    }
}
