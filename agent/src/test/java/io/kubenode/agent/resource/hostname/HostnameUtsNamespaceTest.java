package io.kubenode.agent.resource.hostname;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.RealCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A real hostname change, inside a private UTS namespace, so the machine keeps its own name. */
class HostnameUtsNamespaceTest {
    private static final Path KERNEL_HOSTNAME = Path.of("/proc/sys/kernel/hostname");

    @TempDir
    Path root;

    @Test
    void theAgentRenamesTheNamespaceAndPersistsTheNameWhileTheMachineKeepsItsOwn() throws Exception {
        String machineName = Files.readString(KERNEL_HOSTNAME);
        String name = "kn-" + UUID.randomUUID().toString().substring(0, 8) + ".internal";
        List<String> argv = new ArrayList<>(List.of("unshare", "--uts"));
        argv.addAll(RealCommands.javaMain(HostnameInNamespaceMain.class, root.toString(), name));

        CommandResult child = RealCommands.run(argv.toArray(String[]::new));

        assertThat(child.exitCode()).as("child: %s %s", child.stdout(), child.stderr()).isZero();
        assertThat(child.stdout()).contains("first: [~ hostname:system runtime " + machineName.strip() + " -> " + name,
                "+ hostname:system /etc/hostname " + name, "second: []", "hostname=" + name);
        assertThat(Files.readString(root.resolve("etc/hostname"))).isEqualTo(name + "\n");
        assertThat(Files.readString(KERNEL_HOSTNAME)).as("the machine's own name").isEqualTo(machineName);
    }
}
