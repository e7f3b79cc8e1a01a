package io.kubenode.agent.resource.kubeadmtoken;

import io.kubenode.agent.cli.AgentRunner;
import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.SandboxSimulators;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.resource.kubeadm.FakeKubeadm;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bootstrap tokens through a fake kubeadm run as a real process: listed (a stream of JSON objects, or nothing),
 * compared by expiry, deleted then created; and the token text, printed by list and create, in no report, plan,
 * status or log line.
 */
class KubeadmTokenHandlerTest {
    private static final String ADMIN = "/etc/kubernetes/admin.conf";
    private static final String CONFIG = "/etc/kubenode/kubeadm/token.yaml";
    private static final String VALID_UNTIL = "2026-12-04T03:15:00Z";

    @TempDir
    Path directory;

    private Path root;
    private FakeKubeadm kubeadm;
    private SandboxHost host;
    private final EngineHarness engine = new EngineHarness(OsFamily.RHEL);
    private final List<String> logs = Collections.synchronizedList(new ArrayList<>());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logs.add(record.getLoggerName() + " " + record.getMessage() + " " + record.getThrown());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void machine() throws IOException {
        root = Files.createDirectories(directory.resolve("root"));
        Files.createDirectories(root.resolve("etc/kubernetes"));
        Files.writeString(root.resolve("etc/kubernetes/admin.conf"), "apiVersion: v1\n");
        kubeadm = FakeKubeadm.create(directory.resolve("fake"));
        host = new SandboxHost(root, Simulations.all(), new SandboxSimulators(Map.of("kubeadm",
                kubeadm.executable()), SandboxSimulators.loopbackAddress("127.0.0.1")));
        Logger.getLogger("").addHandler(capture);
        Logger.getLogger("").setLevel(Level.ALL);
    }

    @AfterEach
    void stopCapture() {
        Logger.getLogger("").removeHandler(capture);
        Logger.getLogger("").setLevel(Level.INFO);
    }

    private static NodeCatalog catalog(String state) {
        return EngineHarness.catalogOf(new KubeadmTokenSpec("abcdef", state, CONFIG, VALID_UNTIL, ADMIN));
    }

    @Test
    void anUnlistedTokenIsCreatedFromItsConfigAndThenInSync() {
        kubeadm.creating(FakeKubeadm.listed(FakeKubeadm.TOKEN, "2026-12-04T03:20:00Z"));

        Report plan = engine.plan(catalog("present"), host);
        assertThat(plan.changes()).containsExactly("+ kubeadmToken:abcdef run kubeadm token create --config "
                + CONFIG + " --kubeconfig " + ADMIN + " (valid until at least " + VALID_UNTIL + ")");

        engine.assertIdempotent(catalog("present"), host);
        assertThat(kubeadm.calls()).extracting(KubeadmTokenHandlerTest::argv).containsExactly(
                "token list -o json --kubeconfig " + ADMIN, "token list -o json --kubeconfig " + ADMIN,
                "token create --config " + CONFIG + " --kubeconfig " + ADMIN,
                "token list -o json --kubeconfig " + ADMIN, "token list -o json --kubeconfig " + ADMIN);
    }

    @Test
    void aTokenExpiringBeforeValidUntilIsDeletedThenCreated() {
        kubeadm.listing(FakeKubeadm.listed("zzzzzz.aaaaaaaaaaaaaaaa", null)
                + FakeKubeadm.listed(FakeKubeadm.TOKEN, "2026-12-04T03:00:00Z"))
                .creating(FakeKubeadm.listed(FakeKubeadm.TOKEN, "2026-12-04T03:30:00Z"));

        Report first = engine.apply(catalog("present"), host);
        Report second = engine.apply(catalog("present"), host);

        assertThat(first.changes()).containsExactly("~ kubeadmToken:abcdef expires 2026-12-04T03:00:00Z, before "
                + VALID_UNTIL + ": run kubeadm token delete abcdef --kubeconfig " + ADMIN + ", then kubeadm token "
                + "create --config " + CONFIG + " --kubeconfig " + ADMIN);
        assertThat(second.converged()).as("%s", second.resources()).isTrue();
        assertThat(kubeadm.calls()).extracting(KubeadmTokenHandlerTest::argv).containsSubsequence(
                "token delete abcdef --kubeconfig " + ADMIN, "token create --config " + CONFIG + " --kubeconfig "
                        + ADMIN);
    }

    @Test
    void aTokenValidLongEnoughOrNeverExpiringIsInSync() {
        kubeadm.listing(FakeKubeadm.listed(FakeKubeadm.TOKEN, VALID_UNTIL));
        assertThat(engine.plan(catalog("present"), host).converged()).isTrue();
        kubeadm.listing(FakeKubeadm.listed(FakeKubeadm.TOKEN, null));
        assertThat(engine.plan(catalog("present"), host).converged()).isTrue();
    }

    @Test
    void anAbsentTokenIsDeletedWhenListedOnly() {
        assertThat(engine.plan(catalog("absent"), host).converged()).as("nothing listed").isTrue();
        kubeadm.listing(FakeKubeadm.listed(FakeKubeadm.TOKEN, VALID_UNTIL));

        engine.assertIdempotent(catalog("absent"), host);

        assertThat(kubeadm.calls()).extracting(KubeadmTokenHandlerTest::argv)
                .contains("token delete abcdef --kubeconfig " + ADMIN)
                .noneMatch(call -> call.startsWith("token create"));
    }

    @Test
    void withoutTheAdminKubeconfigTheTokenWaits() throws IOException {
        Files.delete(root.resolve("etc/kubernetes/admin.conf"));

        Report report = engine.apply(catalog("present"), host);

        assertThat(report.resources().get(0).state()).isEqualTo("not_ready");
        assertThat(report.resources().get(0).message()).isEqualTo("waiting for " + ADMIN
                + " (written by kubeadm init or join)");
        assertThat(kubeadm.calls()).isEmpty();
    }

    @Test
    void anApiNotAnsweringIsNotReadyAndOtherListFailuresFail() {
        kubeadm.listFails(1, "failed to list bootstrap tokens: Get \"https://10.0.0.1:6443/api\": dial tcp: "
                + "connect: connection refused");
        assertThat(engine.apply(catalog("present"), host).resources().get(0).state()).isEqualTo("not_ready");

        kubeadm.listFails(1, "error: unknown flag: --bogus");
        Report failed = engine.apply(catalog("present"), host);
        assertThat(failed.resources().get(0).state()).isEqualTo("failed");
        assertThat(failed.resources().get(0).message()).startsWith("kubeadm token list exited 1 after ")
                .contains("unknown flag");
    }

    @Test
    void aListThatIsNotJsonFailsWithoutQuotingIt() {
        kubeadm.listing("TOKEN  TTL  EXPIRES\n" + FakeKubeadm.TOKEN + " 15m\n");

        Report report = engine.apply(catalog("present"), host);

        assertThat(report.resources().get(0).state()).isEqualTo("failed");
        assertThat(report.resources().get(0).message()).contains("not shown, it may hold tokens")
                .doesNotContain(FakeKubeadm.TOKEN_SECRET);
    }

    /** The grep test: the token printed by list and create is in no plan, report, status, state file or log. */
    @Test
    void theTokenTextIsInNoPlanReportStateFileOrLog() throws Exception {
        Path catalogFile = directory.resolve("catalog.json");
        Files.writeString(catalogFile, Documents.toJson(catalog("present")));
        kubeadm.listing(FakeKubeadm.listed(FakeKubeadm.TOKEN, "2026-12-04T03:00:00Z"))
                .creating(FakeKubeadm.listed(FakeKubeadm.TOKEN, "2026-12-04T03:30:00Z"));
        List<String> outputs = new ArrayList<>();

        outputs.addAll(cli(0, "plan", "-o", "json"));
        outputs.addAll(cli(0, "apply", "--once"));
        outputs.addAll(cli(0, "apply", "--once", "-o", "json"));
        kubeadm.listing(FakeKubeadm.listed(FakeKubeadm.TOKEN, "2026-12-04T03:00:00Z")).createFails();
        List<String> failed = cli(1, "apply", "--once", "-o", "json");
        outputs.addAll(failed);
        outputs.add(Files.readString(root.resolve("var/lib/kubenode-agent/last-report.json")));
        outputs.addAll(logs);

        assertThat(kubeadm.calls()).as("create ran and printed the token").anyMatch(call -> call.startsWith(
                "token create"));
        assertThat(String.join("\n", failed)).contains("kubeadm token create exited 1 after ",
                "abcdef.<redacted>");
        for (String text : outputs) {
            assertThat(text).doesNotContain(FakeKubeadm.TOKEN_SECRET);
        }
    }

    private List<String> cli(int expectedExit, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--sandbox", "--root", root.toString(), "--sandbox-simulator", "kubeadm="
                + kubeadm.executable(), "--catalog", directory.resolve("catalog.json").toString(), "--config",
                directory.resolve("no-agent.yaml").toString()));
        AgentRunner.Run run = AgentRunner.run(all.toArray(String[]::new));
        assertThat(run.exitCode()).as(run.stdout() + run.stderr()).isEqualTo(expectedExit);
        return List.of(run.stdout(), run.stderr());
    }

    private static String argv(String call) {
        return call.substring(0, call.indexOf(" |"));
    }
}
