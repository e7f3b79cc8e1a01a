package io.kubenode.agent.engine;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.agent.resource.Handlers;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.cluster.OsFamily;

import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs catalogs through the real engine and handlers in tests, and checks the idempotence contract. */
public final class EngineHarness {
    private final Engine engine;

    public EngineHarness(OsFamily family) {
        this(Handlers.registry(new HandlerContext(family, HandlerContext.DEFAULT_STATE_DIR, Clock.systemUTC())),
                AgentPolicy.defaults());
    }

    public EngineHarness(HandlerRegistry registry, AgentPolicy policy) {
        this.engine = new Engine(registry, policy, Clock.systemUTC());
    }

    public static NodeCatalog catalog(List<CatalogResource> resources) {
        return NodeCatalog.of("test", "node1.internal", 1,
                new NodeCatalog.Spec("worker", OsFamily.RHEL, resources));
    }

    public static NodeCatalog catalogOf(ResourceSpec... specs) {
        return catalog(java.util.Arrays.stream(specs)
                .map(spec -> new CatalogResource(spec.id(), List.of(), List.of(), spec)).toList());
    }

    public Report plan(NodeCatalog catalog, Host host) {
        return engine.plan(catalog, host);
    }

    public Report apply(NodeCatalog catalog, Host host) {
        return engine.apply(catalog, host);
    }

    /**
     * The contract every resource type keeps: the first apply changes (and fails nothing), the second changes
     * nothing, and a plan afterwards is empty. Returns the first report.
     */
    public Report assertIdempotent(NodeCatalog catalog, Host host) {
        Report first = apply(catalog, host);
        assertThat(first.failed()).as("first apply: %s", first.resources()).isFalse();
        assertThat(first.changes()).as("first apply changes something").isNotEmpty();
        Report second = apply(catalog, host);
        assertThat(second.changes()).as("second apply: %s", second.resources()).isEmpty();
        assertThat(second.converged()).as("second apply converged: %s", second.resources()).isTrue();
        Report plan = plan(catalog, host);
        assertThat(plan.changes()).as("plan after apply").isEmpty();
        return first;
    }
}
