package io.kubenode.agent.status;

import io.kubenode.agent.cli.AgentRunner;
import io.kubenode.agent.daemon.AgentDaemon;
import io.kubenode.agent.daemon.CatalogFileSource;
import io.kubenode.agent.daemon.PassSchedule;
import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.metrics.AgentMetrics;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.agent.state.StateDir;
import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.SecretText;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The grep test of secret content on the agent side: a recognisable secret planted in a catalog's secret file is
 * found, after plan, apply --once, the daemon's passes, the status it would send and every log line, only in the
 * file itself (0600) — never in an output, a report, a log line, a backup or any other file under the root (the
 * daemon's cached catalog is sealed).
 */
class SecretContentLeakTest {
    private static final String SECRET = "planted-secret-9d2f7c41e8ab";
    private static final String KEY_PATH = "/etc/kubenode/kubeadm/pki/ca.key";
    private static final String CATALOG_CACHE = "var/lib/kubenode-agent/catalog.json";

    @TempDir
    Path dir;

    private final List<String> logs = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            StringWriter text = new StringWriter();
            text.append(record.getLoggerName()).append(' ').append(String.valueOf(record.getMessage()));
            if (record.getParameters() != null) {
                for (Object parameter : record.getParameters()) {
                    text.append(' ').append(String.valueOf(parameter));
                }
            }
            if (record.getThrown() != null) {
                record.getThrown().printStackTrace(new PrintWriter(text));
            }
            logs.add(text.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;
    private Thread daemon;

    @BeforeEach
    void captureEveryLogLine() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (daemon != null) {
            daemon.interrupt();
            daemon.join(10_000);
        }
        Logger.getLogger("").removeHandler(capture);
        Logger.getLogger("").setLevel(rootLevel);
    }

    @Test
    void theSecretIsInNoOutputReportStatusLogOrStateFileOnlyInTheFileItself() throws Exception {
        Path root = dir.resolve("root");
        Path catalogFile = dir.resolve("catalog.json");
        List<String> outputs = new ArrayList<>();

        writeCatalog(catalogFile, key(1));
        outputs.addAll(cli("plan", "--sandbox", "--catalog", catalogFile.toString(), "--root", root.toString()));
        outputs.addAll(cli("plan", "--sandbox", "-o", "json", "--catalog", catalogFile.toString(),
                "--root", root.toString()));
        outputs.addAll(cli("apply", "--once", "--sandbox", "--catalog", catalogFile.toString(),
                "--root", root.toString()));
        writeCatalog(catalogFile, key(2));
        List<String> replaced = cli("apply", "--once", "--sandbox", "-o", "json", "--catalog",
                catalogFile.toString(), "--root", root.toString());
        outputs.addAll(replaced);
        outputs.add(Files.readString(root.resolve("var/lib/kubenode-agent/last-report.json")));

        assertThat(outputs.get(0)).contains("+ file:" + KEY_PATH + " " + shown(key(1)));
        assertThat(String.join("\n", replaced)).contains("~ file:" + KEY_PATH + " " + shown(key(2)));

        // the daemon: a new catalog, then a hand edit of the key (drift) it puts back
        List<String> statuses = Collections.synchronizedList(new ArrayList<>());
        NodeStatusBuilder status = new NodeStatusBuilder("node1.internal", true);
        writeCatalog(catalogFile, key(3));
        daemon = startDaemon(root, catalogFile, report -> {
            synchronized (status) {
                status.catalogAccepted(report.generation(), report.contentHash());
                status.passCompleted(report);
                statuses.add(Documents.toJson(NodeStatusBuilder.sending(status.build(Instant.now()), Instant.now(),
                        null)));
            }
            statuses.add(Documents.toJson(report));
        });
        Path key = real(root, KEY_PATH);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(key).equals(key(3)));
        Files.writeString(key, "edited by hand " + SECRET + "-old\n");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.readString(key).equals(key(3)));
        await().atMost(Duration.ofSeconds(20)).until(() -> statuses.stream()
                .anyMatch(text -> text.contains(shown(key(3)))));
        daemon.interrupt();
        daemon.join(10_000);

        assertThat(statuses).isNotEmpty();
        List<String> everything = new ArrayList<>(outputs);
        everything.addAll(statuses);
        everything.addAll(logs);
        assertThat(logs).as("the daemon logged its passes").isNotEmpty();
        for (String text : everything) {
            assertThat(text).doesNotContain(SECRET);
        }
        assertThat(filesHoldingTheSecret(root)).containsExactly(key);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(Files.readString(root.resolve(CATALOG_CACHE), StandardCharsets.ISO_8859_1))
                .as("the daemon's cached catalog is sealed").startsWith("kubenode-sealed-catalog-v1\n");
        assertThat(root.resolve("var/lib/kubenode-agent/backups" + KEY_PATH)).as("no backup of a secret")
                .doesNotExist();
        assertThat(root.resolve("var/lib/kubenode-agent/backups/etc/kubenode/kubeadm/plain.conf"))
                .as("a plain file replaced by the same passes is backed up").isDirectory();
    }

    @Test
    void aValidatorQuotingTheSecretIsNotEchoed() throws Exception {
        String haproxy = "/etc/haproxy/haproxy.cfg";
        String broken = "global\n    maxconn 100\n\ndefaults\n    mode tcp\n    " + SECRET + " here\n";
        FileSpec secret = new FileSpec(haproxy, broken, null, "root", "root", AgentPolicyDefaults.HAPROXY_CHECK,
                true);
        FileSpec plain = new FileSpec(haproxy, broken, null, "root", "root", AgentPolicyDefaults.HAPROXY_CHECK);
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);

        Report refused = engine.apply(EngineHarness.catalogOf(secret), new LocalHost(dir));
        Report refusedPlain = engine.apply(EngineHarness.catalogOf(plain), new LocalHost(dir));

        assertThat(refusedPlain.resources().get(0).message()).as("haproxy quotes the line it rejects")
                .contains(SECRET);
        assertThat(refused.resources().get(0).state()).isEqualTo("failed");
        assertThat(refused.resources().get(0).message())
                .contains("validation refused the new content of " + haproxy, "exited 1",
                        "output not shown: secret content")
                .doesNotContain(SECRET);
        assertThat(dir.resolve("etc/haproxy/haproxy.cfg")).doesNotExist();
        assertThat(filesHoldingTheSecret(dir)).as("the validator's temporary file is gone").isEmpty();
    }

    @Test
    void aSecretWithAWiderModeIsRefusedWithItsFieldAndNothingIsWritten() {
        Report report = new EngineHarness(OsFamily.RHEL).apply(EngineHarness.catalogOf(
                FileSpec.rootOwnedSecret(KEY_PATH, key(1), "0644")), new LocalHost(dir));

        assertThat(report.resources().get(0).message())
                .contains("spec.mode: expected 0600 or stricter (0400) for a secret file, got '0644'");
        assertThat(dir.resolve("etc")).doesNotExist();
    }

    @Test
    void aSecretWithoutModeIsWritten0600AndAWiderFileIsNarrowed() throws Exception {
        Path key = real(dir, KEY_PATH);
        Files.createDirectories(key.getParent());
        Files.writeString(key, key(1));
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);

        Report report = engine.apply(EngineHarness.catalogOf(FileSpec.rootOwnedSecret(KEY_PATH, key(1), null)),
                new LocalHost(dir));

        assertThat(report.changes()).containsExactly("~ file:" + KEY_PATH + " mode 0644 -> 0600");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        Report strict = engine.apply(EngineHarness.catalogOf(FileSpec.rootOwnedSecret(KEY_PATH, key(2), "0400")),
                new LocalHost(dir));
        assertThat(strict.changes()).containsExactly("~ file:" + KEY_PATH + " " + shown(key(2)),
                "~ file:" + KEY_PATH + " mode 0600 -> 0400");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("r--------");
    }

    @Test
    void backupsTakenBeforeAFileWasMarkedSecretAreDeletedWhenItIsWritten() throws Exception {
        EngineHarness engine = new EngineHarness(OsFamily.RHEL);
        LocalHost host = new LocalHost(dir);
        engine.apply(EngineHarness.catalogOf(FileSpec.rootOwned(KEY_PATH, key(1), "0600")), host);
        engine.apply(EngineHarness.catalogOf(FileSpec.rootOwned(KEY_PATH, key(2), "0600")), host);
        Path backups = dir.resolve("var/lib/kubenode-agent/backups" + KEY_PATH);
        try (Stream<Path> kept = Files.list(backups)) {
            assertThat(kept).as("the plain file was backed up").hasSize(1);
        }

        Report report = engine.apply(EngineHarness.catalogOf(FileSpec.rootOwnedSecret(KEY_PATH, key(3), null)), host);

        assertThat(report.failed()).as("%s", report.resources()).isFalse();
        try (Stream<Path> kept = Files.list(backups)) {
            assertThat(kept).isEmpty();
        }
        assertThat(filesHoldingTheSecret(dir)).containsExactly(real(dir, KEY_PATH));
    }

    private static String key(int version) {
        return "-----BEGIN PRIVATE KEY-----\n" + SECRET + "-v" + version + "\n-----END PRIVATE KEY-----\n";
    }

    private static String shown(String content) {
        return SecretText.describe(content.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeCatalog(Path file, String keyContent) throws Exception {
        NodeCatalog catalog = EngineHarness.catalogOf(
                FileSpec.rootOwnedSecret(KEY_PATH, keyContent, null),
                FileSpec.rootOwned("/etc/kubenode/kubeadm/plain.conf", "version of " + keyContent.length() + "-"
                        + keyContent.hashCode() + "\n", "0644"));
        Files.writeString(file, Documents.toJson(catalog));
    }

    private List<String> cli(String... args) {
        List<String> withConfig = new ArrayList<>(List.of(args));
        withConfig.addAll(List.of("--config", dir.resolve("no-agent.yaml").toString()));
        AgentRunner.Run run = AgentRunner.run(withConfig.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isZero();
        return List.of(run.stdout(), run.stderr());
    }

    private static Thread startDaemon(Path root, Path catalogFile, io.kubenode.agent.daemon.PassListener listener) {
        SandboxHost host = new SandboxHost(root, Simulations.all());
        AgentDaemon agent = new AgentDaemon(
                family -> new Engine(Handlers.registry(new HandlerContext(family, StateDir.DEFAULT,
                        Clock.systemUTC())), AgentPolicy.defaults(), Clock.systemUTC()),
                host, LocalHost.machine(), new StateDir(host, StateDir.DEFAULT),
                new CatalogFileSource(LocalHost.machine(), catalogFile.toString()), new AgentMetrics(),
                new PassSchedule(Duration.ofSeconds(1), 0.1, Duration.ofMillis(200)), Clock.systemUTC(),
                new SplittableRandom(7), listener);
        Thread thread = new Thread(() -> {
            try {
                agent.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "secret-leak-daemon");
        thread.start();
        return thread;
    }

    private static Path real(Path root, String hostPath) {
        return root.resolve(hostPath.substring(1));
    }

    private static List<Path> filesHoldingTheSecret(Path root) throws Exception {
        byte[] needle = SECRET.getBytes(StandardCharsets.UTF_8);
        List<Path> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)
                        .contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                    found.add(file);
                }
            }
        }
        return found;
    }
}
