package io.kubenode.controller.compiler;

import io.kubenode.agent.engine.Engine;
import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.sandbox.SandboxHost;
import io.kubenode.agent.host.sandbox.Simulations;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.policy.PathPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.controller.compiler.kubeadm.OrchestrationFixtures;
import io.kubenode.controller.compiler.kubeadm.RolloutDrainCompileTest;
import io.kubenode.controller.rollout.RolloutNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent's default policy and the compiler can never drift apart: every catalog the example clusters compile to
 * (the seed's RHEL cluster, the VM test's Debian one, and the seed's nodes with kubeadm steps released) passes the
 * default policy, the host preparation ones apply in a sandbox, and every default writable path is still needed by
 * one of them (the default is what the compiler writes, nothing more).
 */
class CompiledCatalogsPolicyTest {
    private static final AgentPolicy DEFAULTS = AgentPolicy.defaults();

    @TempDir
    Path root;

    @Test
    void everyCompiledResourcePassesTheDefaultPolicy() throws IOException {
        List<String> refused = new ArrayList<>();
        for (NodeCatalog catalog : withReleasedSteps(compiledExamples())) {
            HandlerRegistry handlers = handlers(catalog);
            for (CatalogResource resource : catalog.spec().resources()) {
                ResourceHandler<ResourceSpec, Object> handler = handlers.handlerFor(resource.spec()).orElseThrow();
                DEFAULTS.refusal(resource.spec(), handler.writes(resource.spec())).ifPresent(reason ->
                        refused.add(catalog.metadata().node() + " " + resource.id() + ": " + reason));
            }
        }
        assertThat(refused).isEmpty();
    }

    @Test
    void everyDefaultWritablePathIsOneTheCompilerWrites() throws IOException {
        Set<String> written = new TreeSet<>();
        for (NodeCatalog catalog : withReleasedSteps(compiledExamples())) {
            HandlerRegistry handlers = handlers(catalog);
            for (CatalogResource resource : catalog.spec().resources()) {
                written.addAll(handlers.handlerFor(resource.spec()).orElseThrow().writes(resource.spec()));
            }
        }
        for (String entry : PathPolicy.DEFAULT_WRITABLE) {
            String directory = entry.endsWith("/") ? entry : entry + "/";
            assertThat(written).as("default writable %s is written by some compiled catalog", entry)
                    .anyMatch(path -> path.equals(entry) || (path + "/").startsWith(directory));
        }
    }

    @Test
    void everyCompiledCatalogAppliesInASandboxWithTheDefaultPolicy() throws IOException {
        for (NodeCatalog catalog : compiledExamples()) {
            Path machine = Files.createDirectories(root.resolve(catalog.metadata().node()));
            Engine engine = new Engine(handlers(catalog), DEFAULTS, Clock.systemUTC());

            Report report = engine.apply(catalog, new SandboxHost(machine, Simulations.all()));

            assertThat(report.failed()).as("%s: %s", catalog.metadata().node(), report.resources()).isFalse();
            assertThat(report.changes()).as(catalog.metadata().node()).isNotEmpty();
        }
    }

    private static HandlerRegistry handlers(NodeCatalog catalog) {
        return Handlers.registry(new HandlerContext(catalog.spec().osFamily(), HandlerContext.DEFAULT_STATE_DIR,
                Clock.systemUTC()));
    }

    /** Every node of the seed cluster (RHEL, load balancer) and of the VM test's cluster (Debian, apt). */
    private static List<NodeCatalog> compiledExamples() throws IOException {
        CatalogCompiler compiler = new CatalogCompiler();
        List<NodeCatalog> catalogs = new ArrayList<>(compiler.compileAll(SeedCluster.load()));
        catalogs.addAll(compiler.compileAll(vmCluster()));
        assertThat(catalogs).extracting(catalog -> catalog.spec().osFamily()).contains(OsFamily.RHEL, OsFamily.DEBIAN);
        return catalogs;
    }

    /**
     * {@code catalogs} plus the seed's nodes at the moments the orchestrator releases steps: init, a control plane
     * joining with the cluster PKI, a worker joining, the token holder, a control plane draining a worker.
     */
    private static List<NodeCatalog> withReleasedSteps(List<NodeCatalog> catalogs) throws IOException {
        List<NodeCatalog> all = new ArrayList<>(catalogs);
        CatalogCompiler compiler = new CatalogCompiler();
        Cluster seed = SeedCluster.load();
        all.add(compiler.compile(seed, "node1.internal", null,
                OrchestrationFixtures.compile(OrchestrationFixtures.initializing())));
        for (String node : List.of("node1.internal", "node2.internal")) {
            all.add(compiler.compile(seed, node, null,
                    OrchestrationFixtures.compile(OrchestrationFixtures.joiningControlPlane())));
        }
        all.add(compiler.compile(seed, "node4.internal", null,
                OrchestrationFixtures.compile(OrchestrationFixtures.joiningWorker())));
        all.add(compiler.compile(seed, "node1.internal", null, OrchestrationFixtures.compile(
                RolloutDrainCompileTest.withWorker(RolloutNode.State.DRAINING, "node1.internal"))));
        assertThat(all.subList(catalogs.size(), all.size())).allSatisfy(catalog -> assertThat(catalog.spec()
                .resources()).anyMatch(resource -> resource.spec().type().startsWith("kubeadm")));
        return all;
    }

    /** controller/src/test/resources/vm/cluster.yaml with its placeholders filled as AgentVmIT would. */
    private static Cluster vmCluster() throws IOException {
        String text = Files.readString(SeedCluster.repositoryRoot().resolve(
                "controller/src/test/resources/vm/cluster.yaml"));
        String sha = "0123456789abcdef".repeat(4);
        text = text.replace("${KUBERNETES_VERSION}", "1.32.2").replace("${CONTAINERD_VERSION}", "1.7.0")
                .replace("${RUNC_VERSION}", "1.1.4").replace("${CNI_VERSION}", "1.2.0")
                .replace("${SANDBOX_IMAGE}", "registry.k8s.io/pause:3.10").replace("${EXTRA_SYSCTL}", "")
                .replaceAll("\\$\\{[A-Z0-9_]*SHA256}", sha);
        assertThat(text).doesNotContain("${");
        return SeedCluster.parse(text);
    }
}
