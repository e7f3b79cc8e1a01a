package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.common.catalog.FirewallSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The handler's passes against {@link FakeFirewalld} (the real firewalld: FirewalldIT). */
class FirewallHandlerTest {
    private static final String STATE = "/var/lib/kubenode-agent";
    private static final String RULE = "rule family=\"ipv4\" source address=\"192.0.2.62\" protocol value=\"vrrp\" "
            + "accept";
    private final FirewallHandler handler = new FirewallHandler(new HandlerContext(OsFamily.RHEL, STATE,
            Clock.systemUTC()));

    @Test
    void aPassOpensInBothConfigurationsWithBatchedCallsAndTheNextOneRunsOnlyItsReads(@TempDir Path root)
            throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        FirewallSpec spec = spec("auto", List.of("6443/tcp", "30000-32767/tcp"));

        List<Change> changes = pass(spec, firewalld);

        assertThat(changes).hasSize(3);
        assertThat(firewalld.runtimePorts).containsExactlyInAnyOrder("6443/tcp", "30000-32767/tcp");
        assertThat(firewalld.permanentPorts).containsExactlyInAnyOrder("6443/tcp", "30000-32767/tcp");
        assertThat(firewalld.runtimeRules).containsExactly(RULE);
        assertThat(firewalld.permanentRules).containsExactly(RULE);
        assertThat(firewalld.firewallCommands()).containsExactly("--state", "--get-zone-of-interface=eth0",
                "--get-default-zone", "--zone=public --list-all", "--permanent --zone=public --list-all",
                "--zone=public --add-port=30000-32767/tcp --add-port=6443/tcp",
                "--zone=public --add-rich-rule=" + RULE,
                "--permanent --zone=public --add-port=30000-32767/tcp --add-port=6443/tcp",
                "--permanent --zone=public --add-rich-rule=" + RULE);
        Path record = root.resolve("var/lib/kubenode-agent/firewall/opened.json");
        assertThat(Files.readString(record)).contains("\"port 6443/tcp\"", "rich-rule rule family");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(record))).isEqualTo("rw-------");

        firewalld.clearCommands();
        assertThat(pass(spec, firewalld)).isEmpty();
        assertThat(firewalld.firewallCommands()).as("no changing call, no reload").containsExactly("--state",
                "--get-zone-of-interface=eth0", "--get-default-zone", "--zone=public --list-all",
                "--permanent --zone=public --list-all");
    }

    @Test
    void aPortRemovedByHandFromOneConfigurationIsPutBackThereOnly(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        FirewallSpec spec = spec("auto", List.of("6443/tcp"));
        pass(spec, firewalld);
        firewalld.permanentPorts.remove("6443/tcp");
        firewalld.clearCommands();

        List<Change> changes = pass(spec, firewalld);

        assertThat(changes).extracting(Change::render)
                .containsExactly("+ firewall:system open 6443/tcp in zone public (permanent)");
        assertThat(firewalld.firewallCommands()).contains("--permanent --zone=public --add-port=6443/tcp")
                .noneMatch(command -> command.startsWith("--zone=public --add"));
        assertThat(firewalld.permanentPorts).contains("6443/tcp");
    }

    @Test
    void aDroppedPortTheAgentOpenedIsClosedAndOneAPersonOpenedStays(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        firewalld.runtimePorts.add("9100/tcp");
        firewalld.permanentPorts.add("9100/tcp");
        pass(spec("auto", List.of("6443/tcp", "2379/tcp", "9100/tcp")), firewalld);

        pass(spec("auto", List.of()), firewalld);

        assertThat(firewalld.runtimePorts).containsExactly("9100/tcp");
        assertThat(firewalld.permanentPorts).containsExactly("9100/tcp");
        assertThat(firewalld.runtimeRules).as("the rule stays: the spec still lists it").containsExactly(RULE);
    }

    @Test
    void aWarningAboutABadItemFailsTheApplyInsteadOfLoopingForEver(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        FirewallSpec spec = spec("auto", List.of("99999/tcp"));
        FirewallActual actual = handler.observe(spec, firewalld);

        assertThatThrownBy(() -> handler.apply(spec, actual, handler.diff(spec, actual), firewalld, new Pass()))
                .isInstanceOf(HostException.class).hasMessageEndingWith(": Warning: INVALID_PORT: 99999");
    }

    @Test
    void autoWithFirewalldStoppedIsInSyncWithANoteAndFirewalldModeFails(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        firewalld.running = false;
        FirewallSpec auto = spec("auto", List.of("6443/tcp"));

        FirewallActual actual = handler.observe(auto, firewalld);

        assertThat(handler.diff(auto, actual)).isEmpty();
        assertThat(handler.inSyncNote(auto, actual)).isEqualTo("no firewall to open: firewalld is not running");
        assertThatThrownBy(() -> handler.observe(spec("firewalld", List.of("6443/tcp")), firewalld))
                .isInstanceOf(HostException.class).hasMessage("firewall:system: firewalld is not running "
                        + "(firewall-cmd --state: not running) and the catalog requires it (mode firewalld)");
        assertThat(firewalld.firewallCommands()).containsOnly("--state");
    }

    @Test
    void aSandboxRootWithoutFirewallCmdIsInSyncAndNoCommandIsAskedFor(@TempDir Path root) throws Exception {
        SandboxHost sandbox = new SandboxHost(root, List.of());
        FirewallSpec auto = spec("auto", List.of("6443/tcp"));

        FirewallActual actual = handler.observe(auto, sandbox);

        assertThat(handler.diff(auto, actual)).isEmpty();
        assertThat(handler.inSyncNote(auto, actual)).isEqualTo("no firewall to open: firewalld is not installed");
        assertThat(sandbox.recordedCommands()).isEmpty();
        assertThatThrownBy(() -> handler.observe(spec("firewalld", List.of()), sandbox))
                .hasMessageContaining("firewalld is not installed");
    }

    @Test
    void anUnreadableOwnershipRecordFailsRatherThanForgettingWhatToClose(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        Path record = root.resolve("var/lib/kubenode-agent/firewall/opened.json");
        Files.createDirectories(record.getParent());
        Files.writeString(record, "{not json");

        assertThatThrownBy(() -> handler.observe(spec("auto", List.of()), firewalld))
                .isInstanceOf(HostException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void aFormerZoneThatNoLongerExistsIsForgottenInsteadOfFailingEveryPass(@TempDir Path root) throws Exception {
        FakeFirewalld firewalld = new FakeFirewalld(root);
        FirewallSpec spec = spec("auto", List.of("6443/tcp"));
        pass(spec, firewalld);
        Path record = root.resolve("var/lib/kubenode-agent/firewall/opened.json");
        Files.writeString(record, Files.readString(record).replaceFirst("\"public\"", "\"gone\""));

        List<Change> changes = pass(spec, firewalld);

        assertThat(changes).extracting(Change::render).containsExactly("~ firewall:system forget in the ownership "
                + "record what is no longer open in zone public");
        assertThat(Files.readString(record)).as("public's port is now unowned: the record said gone")
                .doesNotContain("gone").doesNotContain("6443");
        assertThat(pass(spec, firewalld)).isEmpty();
    }

    private List<Change> pass(FirewallSpec spec, FakeFirewalld firewalld) throws Exception {
        FirewallActual actual = handler.observe(spec, firewalld);
        List<Change> changes = handler.diff(spec, actual);
        if (!changes.isEmpty()) {
            handler.apply(spec, actual, changes, firewalld, new Pass());
        }
        return changes;
    }

    private static FirewallSpec spec(String mode, List<String> ports) {
        return new FirewallSpec("system", mode, null, "192.0.2.61", ports,
                List.of(new FirewallSpec.ProtocolFromSources("vrrp", List.of("192.0.2.62"))));
    }
}
