package io.kubenode.agent.host;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A command past its timeout is killed with its whole process group, including a grandchild that left the process
 * tree (its parent exited, it was re-parented); what it printed until then is kept, stdout and stderr in order.
 */
class ProcessGroupTimeoutTest {
    @TempDir
    Path directory;

    @Test
    void anOrphanedGrandchildDiesWithTheTimedOutCommand() throws Exception {
        Path pidFile = directory.resolve("grandchild.pid");
        List<String> argv = List.of("bash", "-c", "(sleep 300 & echo $! > " + pidFile + "); echo first; "
                + "echo second >&2; sleep 300");

        assertThatThrownBy(() -> ProcessRunner.run(argv, Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(CommandTimedOut.class, timedOut -> {
                    assertThat(timedOut.getMessage()).endsWith(": timed out after 5 s (killed with its process "
                            + "group)");
                    assertThat(timedOut.outputTail().lines()).containsExactlyInAnyOrder("first", "second");
                });

        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(alive(grandchild)).as("grandchild %d", grandchild).isFalse();
    }

    @Test
    void theEnvironmentIsAddedAndTheTailInterleavesBothStreams() throws Exception {
        CommandResult result = ProcessRunner.run(List.of("bash", "-c", "echo \"root=$KUBENODE_SANDBOX_ROOT\"; "
                + "echo warn >&2; echo \"home=${HOME:+set}\""), Map.of("KUBENODE_SANDBOX_ROOT", "/x"),
                Duration.ofSeconds(10));

        assertThat(result.stdout()).isEqualTo("root=/x\nhome=set\n");
        assertThat(result.stderr()).isEqualTo("warn\n");
        // both streams, each in its own order (how the two readers interleave depends on the scheduler)
        assertThat(result.outputTail().lines()).containsExactlyInAnyOrder("root=/x", "warn", "home=set")
                .containsSubsequence("root=/x", "home=set");
    }

    @Test
    void theTailKeepsTheLast4KiB() throws Exception {
        CommandResult result = ProcessRunner.run(List.of("bash", "-c", "head -c 10000 /dev/zero | tr '\\0' a; "
                + "echo END"), Duration.ofSeconds(10));

        assertThat(result.stdout()).hasSize(10004);
        assertThat(result.outputTail()).hasSize(CommandResult.TAIL_BYTES).endsWith("aaaEND\n");
    }

    @Test
    void aCommandThatDoesNotExistCannotStartAsBefore() {
        assertThatThrownBy(() -> ProcessRunner.run(List.of("kubenode-no-such-command", "--version"),
                Duration.ofSeconds(10))).isInstanceOf(HostException.class).isNotInstanceOf(CommandTimedOut.class)
                .hasMessageStartingWith("kubenode-no-such-command --version: cannot start: ")
                .hasMessageContaining("No such file or directory");
    }

    private static boolean alive(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        char state = text.charAt(text.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
