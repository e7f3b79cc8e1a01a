package io.kubenode.agent.resource.file;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.cluster.OsFamily;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FileHandlerTest {
    private static final String STATE = HandlerContext.DEFAULT_STATE_DIR;
    private static final String PATH = "/etc/containerd/kubenode-test/app.conf";

    @TempDir
    Path root;

    private final TickingClock clock = new TickingClock();
    private final EngineHarness engine = new EngineHarness(new HandlerRegistry(List.of(
            new FileHandler(new HandlerContext(OsFamily.RHEL, STATE, clock)))), AgentPolicy.defaults());

    @Test
    void diffShowsSizesForNewAndChangedContentAndAttributesSeparately() {
        FileSpec spec = new FileSpec("/p", "x".repeat(1229), "0644", "root", "root", List.of());
        assertThat(new FileHandler(context()).diff(spec, FileActual.missing()))
                .extracting(Change::render).containsExactly("+ file:/p (1.2 KiB)");
        FileActual old = new FileActual(new FileStat(false, "0600", "nobody", "root", 1024), new byte[1024]);
        assertThat(new FileHandler(context()).diff(spec, old)).extracting(Change::render).containsExactly(
                "~ file:/p (old 1.0 KiB -> new 1.2 KiB)", "~ file:/p mode 0600 -> 0644",
                "~ file:/p owner nobody -> root");
    }

    @Test
    void createsAFileWithContentModeOwnerAndGroup() throws Exception {
        FileSpec spec = new FileSpec(PATH, "key = value\n", "0640", "root", "root", List.of());

        Report report = engine.apply(EngineHarness.catalogOf(spec), host());

        assertThat(report.changes()).containsExactly("+ file:" + PATH + " (12 B)");
        assertThat(Files.readString(real(PATH))).isEqualTo("key = value\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(real(PATH)))).isEqualTo("rw-r-----");
        assertThat(engine.plan(EngineHarness.catalogOf(spec), host()).changes()).isEmpty();
    }

    @Test
    void replacingContentBacksUpThePreviousContentUnderTheStateDir() throws Exception {
        write(PATH, "old content\n");

        Report report = engine.apply(EngineHarness.catalogOf(FileSpec.rootOwned(PATH, "new content\n", "0644")),
                host());

        assertThat(report.changes()).contains("~ file:" + PATH + " (old 12 B -> new 12 B)");
        assertThat(Files.readString(real(PATH))).isEqualTo("new content\n");
        List<Path> backups = backups();
        assertThat(backups).hasSize(1);
        assertThat(Files.readString(backups.get(0))).isEqualTo("old content\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.get(0))))
                .as("backups may hold secrets").isEqualTo("rw-------");
    }

    @Test
    void keepsOnlyTheFiveNewestBackupsPerFile() throws Exception {
        write(PATH, "version 0\n");
        for (int version = 1; version <= 8; version++) {
            Report report = engine.apply(EngineHarness.catalogOf(
                    FileSpec.rootOwned(PATH, "version " + version + "\n", "0644")), host());
            assertThat(report.failed()).as("%s", report.resources()).isFalse();
        }

        List<String> kept = backups().stream().map(FileHandlerTest::readQuietly).toList();
        assertThat(kept).containsExactly("version 3\n", "version 4\n", "version 5\n", "version 6\n", "version 7\n");
    }

    @Test
    void aModeChangeAloneNeitherRewritesNorBacksUp() throws Exception {
        write(PATH, "same\n");
        Files.setPosixFilePermissions(real(PATH), PosixFilePermissions.fromString("rw-rw-rw-"));
        Object inodeBefore = Files.getAttribute(real(PATH), "unix:ino");

        Report report = engine.apply(EngineHarness.catalogOf(FileSpec.rootOwned(PATH, "same\n", "644")), host());

        assertThat(report.changes()).containsExactly("~ file:" + PATH + " mode 0666 -> 0644");
        assertThat(Files.getAttribute(real(PATH), "unix:ino")).isEqualTo(inodeBefore);
        assertThat(backups()).isEmpty();
    }

    @Test
    void unsetFieldsAreNotManaged() throws Exception {
        write(PATH, "hand-written\n");
        Files.setPosixFilePermissions(real(PATH), PosixFilePermissions.fromString("rw-------"));

        Report report = engine.apply(EngineHarness.catalogOf(new FileSpec(PATH, null, null, null, null, List.of())),
                host());

        assertThat(report.converged()).as("%s", report.resources()).isTrue();
        assertThat(Files.readString(real(PATH))).isEqualTo("hand-written\n");
    }

    @Test
    void aDirectoryInThePlaceOfTheFileIsAFailureNotReplaced() throws Exception {
        Files.createDirectories(real(PATH));

        Report report = engine.apply(EngineHarness.catalogOf(FileSpec.rootOwned(PATH, "x\n", "0644")), host());

        assertThat(report.resources().get(0).message()).contains("is a directory");
        assertThat(Files.isDirectory(real(PATH))).isTrue();
    }

    @Test
    void aValidatorWithoutPlaceholderOrAModeWithSetuidBitsIsRefusedBeforeTouchingTheHost() {
        FileSpec noPlaceholder = FileSpec.rootOwned(PATH, "x\n", "0644").validatedBy(List.of("true"));
        FileSpec setuid = FileSpec.rootOwned("/etc/containerd/kubenode-test/tool", "x\n", "4755");

        Report report = engine.apply(EngineHarness.catalogOf(noPlaceholder, setuid), host());

        assertThat(report.resources().get(0).message())
                .contains("spec.validate[0]: expected the validator program by absolute path, got 'true'");
        assertThat(report.resources().get(1).message()).contains("spec.mode: expected an octal mode from 000 to "
                + "0777, got '4755'");
        assertThat(root.resolve("etc")).doesNotExist();
    }

    @Test
    void writesDeclaresThePathSoThePolicyCanRefuseIt() {
        FileSpec outside = FileSpec.rootOwned("/root/.ssh/authorized_keys", "ssh-ed25519 AAAA\n", "0600");

        assertThat(new FileHandler(context()).writes(outside)).containsExactly("/root/.ssh/authorized_keys");
        Report report = engine.apply(EngineHarness.catalogOf(outside), host());
        assertThat(report.resources().get(0).message()).startsWith("refused by the path policy");
        assertThat(root.resolve("root")).doesNotExist();
    }

    private LocalHost host() {
        return new LocalHost(root);
    }

    private HandlerContext context() {
        return new HandlerContext(OsFamily.RHEL, STATE, clock);
    }

    private Path real(String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    private void write(String hostPath, String content) throws Exception {
        Files.createDirectories(real(hostPath).getParent());
        Files.writeString(real(hostPath), content);
    }

    private List<Path> backups() throws Exception {
        Path directory = real(STATE + "/backups" + PATH);
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (var entries = Files.list(directory)) {
            return entries.sorted().toList();
        }
    }

    private static String readQuietly(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** One second later on every call, so backup names differ and sort in write order. */
    private static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2025-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }
    }
}
