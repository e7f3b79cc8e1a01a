package io.kubenode.controller.serve;

import io.kubenode.controller.api.ControllerServices;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.catalog.PublishedCatalog;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.init.InitLayout;
import io.kubenode.controller.node.NodeCertificateLifetime;
import io.kubenode.controller.orchestration.ClusterApiObserver;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.loop.OrchestrationLoop;
import io.kubenode.controller.orchestration.loop.ScriptedDecider;
import io.kubenode.controller.store.SqliteStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * serve's wiring: with a decider the assembled controller decides after a cluster PUT, by itself, and records with
 * the data dir's real KEK; a restart (even without a decider) serves the same catalogs at the same generations.
 */
class OrchestrationAssemblyTest {
    @TempDir
    Path dir;
    private InitLayout layout;

    @BeforeEach
    void init() {
        layout = new InitLayout(dir.resolve("data"));
        assertThat(new CommandLine(new KubenodeController()).execute("init", "--data-dir",
                layout.dataDir().toString(), "--san", "127.0.0.1")).isZero();
    }

    @Test
    void aPutMakesTheAssembledLoopDecideAndARestartServesTheSameCatalogs() throws Exception {
        ScriptedDecider decider = new ScriptedDecider();
        decider.answer(ScriptedDecider::releaseInit);
        Map<String, String> served;
        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            ControllerServices services = ControllerAssembly.assemble(layout, store, Clock.systemUTC(),
                    NodeCertificateLifetime.DEFAULT, Optional.of(decider), Optional.of(ClusterApiObserver.NONE));
            try {
                put(services, SeedCluster.exampleText());
                await().atMost(Duration.ofSeconds(30)).until(() -> services.catalogs().orchestration()
                        .map(OrchestrationRecord::phase).equals(Optional.of(ClusterPhase.Initializing)));
                await().atMost(Duration.ofSeconds(10)).until(() -> services.metrics().scrape()
                        .contains("kubenode_controller_cluster_phase{phase=\"Initializing\"} 1.0"));
                // Another decision, as a node status or the loop's timer may bring at any moment, changes nothing.
                services.orchestrationLoop().orElseThrow().runNow();
                served = served(services);
                assertThat(served.get("node1.internal")).startsWith("2 ").contains("\"kubeadm:node\"");
                assertThat(served.get("node2.internal")).startsWith("1 ");
            } finally {
                services.orchestrationLoop().ifPresent(OrchestrationLoop::close);
            }
        }

        try (SqliteStore store = SqliteStore.open(layout.dataDir())) {
            ControllerServices restarted = ControllerAssembly.assemble(layout, store, Clock.systemUTC(),
                    NodeCertificateLifetime.DEFAULT, Optional.empty(), Optional.empty());
            assertThat(restarted.orchestrationLoop()).isEmpty();
            assertThat(served(restarted)).isEqualTo(served);
            assertThat(restarted.metrics().scrape())
                    .contains("kubenode_controller_cluster_phase{phase=\"Initializing\"} 1.0");
        }
    }

    private static void put(ControllerServices services, String text) {
        ClusterCatalogs.Checked checked = services.catalogs().check(text.getBytes(StandardCharsets.UTF_8));
        services.catalogs().put(services.store(), text, 0, "admin", "test",
                ((ClusterCatalogs.Checked.Valid) checked).compiled());
    }

    private static Map<String, String> served(ControllerServices services) {
        Map<String, String> bodies = new TreeMap<>();
        for (String node : new String[]{"node1.internal", "node2.internal", "node4.internal"}) {
            PublishedCatalog catalog = services.catalogs().watches().current(node).orElseThrow();
            bodies.put(node, catalog.generation() + " " + catalog.body().toString(StandardCharsets.UTF_8));
        }
        return bodies;
    }
}
