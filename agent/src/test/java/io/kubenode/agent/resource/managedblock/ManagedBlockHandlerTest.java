package io.kubenode.agent.resource.managedblock;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class ManagedBlockHandlerTest {
    private static final String HOSTS = "/etc/hosts";
    private static final ManagedBlockSpec SPEC = new ManagedBlockSpec(HOSTS, "kubenode hosts",
            "192.168.0.61 node1.internal node1\n192.168.0.66 k8s-cp.internal\n");
    private static final String BLOCK = "# BEGIN kubenode hosts\n192.168.0.61 node1.internal node1\n"
            + "192.168.0.66 k8s-cp.internal\n# END kubenode hosts\n";

    @TempDir
    Path root;

    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);

    @Test
    void aMissingFileIsCreatedWithTheBlock() throws Exception {
        Report report = apply(SPEC);

        assertThat(report.changes()).containsExactly("+ managedBlock:/etc/hosts (new file with a block of 2 lines)");
        assertThat(hosts()).isEqualTo(BLOCK);
    }

    @Test
    void aMissingBlockIsAppendedAfterTheUsersLines() throws Exception {
        write("127.0.0.1 localhost\n::1 localhost\n");

        assertThat(apply(SPEC).changes()).containsExactly("+ managedBlock:/etc/hosts (block of 2 lines appended)");
        assertThat(hosts()).isEqualTo("127.0.0.1 localhost\n::1 localhost\n" + BLOCK);
    }

    @Test
    void appendingToAFileWithoutTrailingNewlineAddsOneBeforeTheBlock() throws Exception {
        write("127.0.0.1 localhost");

        apply(SPEC);

        assertThat(hosts()).isEqualTo("127.0.0.1 localhost\n" + BLOCK);
    }

    @Test
    void aChangedBlockIsReplacedInPlaceAndEveryOtherLineStaysExactlyAsItWas() throws Exception {
        String before = "# my comment  \n127.0.0.1\tlocalhost\n\n# BEGIN kubenode hosts\n10.0.0.1 old\n"
                + "192.168.0.66 k8s-cp.internal\n# END kubenode hosts\n10.9.9.9 mine-after-the-block\n  \n";
        write(before);
        Files.setPosixFilePermissions(real(), PosixFilePermissions.fromString("rw-r-----"));

        Report report = apply(SPEC);

        assertThat(report.changes()).containsExactly("~ managedBlock:/etc/hosts (block: +1 -1 lines)");
        assertThat(hosts()).isEqualTo("# my comment  \n127.0.0.1\tlocalhost\n\n" + BLOCK
                + "10.9.9.9 mine-after-the-block\n  \n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real())))
                .as("the user's mode is kept").isEqualTo("rw-r-----");
    }

    @Test
    void aBlockAtTheEndOfAFileWithoutTrailingNewlineStaysWithoutOne() throws Exception {
        write("127.0.0.1 localhost\n# BEGIN kubenode hosts\nold\n# END kubenode hosts");

        apply(SPEC);

        assertThat(hosts()).isEqualTo("127.0.0.1 localhost\n" + BLOCK.substring(0, BLOCK.length() - 1));
    }

    @Test
    void anEqualBlockIsInSyncAndTheFileUntouched() throws Exception {
        write("127.0.0.1 localhost\n" + BLOCK + "# after\n");
        Object inode = Files.getAttribute(real(), "unix:ino");

        Report report = apply(SPEC);

        assertThat(report.converged()).isTrue();
        assertThat(Files.getAttribute(real(), "unix:ino")).isEqualTo(inode);
    }

    @Test
    void twoBeginMarkersFailWithTheLineNumbersAndLeaveTheFileAlone() throws Exception {
        String before = BLOCK + "127.0.0.1 localhost\n" + BLOCK;
        write(before);

        Report report = apply(SPEC);

        assertThat(report.failed()).isTrue();
        assertThat(report.resources().get(0).message())
                .contains("'# BEGIN kubenode hosts' appears 2 times (lines 1, 6)").contains("does not guess");
        assertThat(hosts()).isEqualTo(before);
    }

    @Test
    void aBeginWithoutEndFailsAndLeavesTheFileAlone() throws Exception {
        String before = "127.0.0.1 localhost\n# BEGIN kubenode hosts\n10.0.0.1 old\n";
        write(before);

        Report report = apply(SPEC);

        assertThat(report.resources().get(0).message())
                .contains("'# BEGIN kubenode hosts' at line 2 has no matching '# END kubenode hosts'");
        assertThat(hosts()).isEqualTo(before);
    }

    @Test
    void anEndBeforeTheBeginFails() throws Exception {
        write("# END kubenode hosts\n# BEGIN kubenode hosts\n");

        assertThat(apply(SPEC).resources().get(0).message()).contains("comes before");
    }

    @Test
    void anotherMarkersBlockIsNotMistakenForOurs() throws Exception {
        write("# BEGIN other tool\nx\n# END other tool\n");

        apply(SPEC);

        assertThat(hosts()).isEqualTo("# BEGIN other tool\nx\n# END other tool\n" + BLOCK);
    }

    private Report apply(ManagedBlockSpec spec) {
        return engine.apply(EngineHarness.catalogOf(spec), new LocalHost(root));
    }

    private Path real() {
        return root.resolve(HOSTS.substring(1));
    }

    private void write(String content) throws Exception {
        Files.createDirectories(real().getParent());
        Files.writeString(real(), content);
    }

    private String hosts() throws Exception {
        return Files.readString(real());
    }
}
