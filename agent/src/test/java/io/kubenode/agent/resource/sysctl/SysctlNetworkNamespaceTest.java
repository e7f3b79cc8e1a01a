package io.kubenode.agent.resource.sysctl;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.RealCommands;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Real sysctl writes, inside a network namespace the test creates, so the machine's own values stay as they are. */
class SysctlNetworkNamespaceTest {
    private static final Path HOST_IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    private static final Path HOST_ALL_FORWARDING = Path.of("/proc/sys/net/ipv4/conf/all/forwarding");

    @Test
    void theAgentSetsForwardingAndAnInterfaceKeyInsideTheNamespaceOnly() throws Exception {
        String hostIpForward = Files.readString(HOST_IP_FORWARD);
        String hostAllForwarding = Files.readString(HOST_ALL_FORWARDING);
        String namespace = "kn-test-" + UUID.randomUUID().toString().substring(0, 8);
        RealCommands.runChecked("ip", "netns", "add", namespace);
        try {
            // an interface whose name has a dot: its key spells the dot as '/'
            RealCommands.runChecked("ip", "netns", "exec", namespace, "ip", "link", "add", "kn0.100", "type",
                    "bridge");
            assertThat(readIn(namespace, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("0");

            List<String> argv = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
            argv.addAll(RealCommands.javaMain(SysctlInNamespaceMain.class, "net.ipv4.ip_forward=1",
                    "net.ipv4.conf.all.forwarding=1", "net.ipv4.conf.kn0/100.rp_filter=2"));
            CommandResult child = RealCommands.run(argv.toArray(String[]::new));

            assertThat(child.exitCode()).as("child: %s %s", child.stdout(), child.stderr()).isZero();
            assertThat(child.stdout()).contains("first: [~ sysctl:net.ipv4.ip_forward 0 -> 1",
                    "~ sysctl:net.ipv4.conf.kn0/100.rp_filter ").contains("second: []");
            assertThat(readIn(namespace, "/proc/sys/net/ipv4/ip_forward")).isEqualTo("1");
            assertThat(readIn(namespace, "/proc/sys/net/ipv4/conf/all/forwarding")).isEqualTo("1");
            assertThat(readIn(namespace, "/proc/sys/net/ipv4/conf/kn0.100/rp_filter")).isEqualTo("2");
        } finally {
            RealCommands.runQuietly("ip", "netns", "del", namespace);
        }
        assertThat(Files.readString(HOST_IP_FORWARD)).as("the machine's own value").isEqualTo(hostIpForward);
        assertThat(Files.readString(HOST_ALL_FORWARDING)).isEqualTo(hostAllForwarding);
        assertThat(RealCommands.run("ip", "netns", "list").stdout()).doesNotContain(namespace);
    }

    private static String readIn(String namespace, String file) {
        return RealCommands.runChecked("ip", "netns", "exec", namespace, "cat", file).stdout().strip();
    }
}
