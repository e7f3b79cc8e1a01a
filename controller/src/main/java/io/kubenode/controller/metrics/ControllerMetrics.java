package io.kubenode.controller.metrics;

import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.DepartureStep;
import io.kubenode.controller.rollout.RolloutNode;
import io.kubenode.controller.rollout.RolloutRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * The controller's metrics (names fixed in DESIGN.md) in Micrometer's Prometheus registry. Per-node gauges are
 * rebuilt from the node summaries at every scrape, so a node that left the document leaves the metrics too.
 */
public final class ControllerMetrics {
    public static final List<String> NODE_STATES = List.of("converged", "converging", "failed", "unreported");
    /** The kubeadm steps whose retries are counted (label values registered at start, so every one shows 0). */
    public static final List<String> RETRIED_STEPS = List.of("init", "join-control-plane", "join-worker");
    public static final List<String> ENROLL_RESULTS = List.of("accepted", "invalid_token", "token_refused",
            "csr_refused", "rate_limited");
    public static final List<String> RENEW_RESULTS = List.of("accepted", "csr_refused", "rate_limited", "revoked");
    /**
     * Request method labels: the methods HTTP defines; any other token (Vert.x accepts whatever a client sends, before
     * authentication) counts as "other", so the label values, and the meters behind them, stay a fixed set.
     */
    public static final List<String> METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS",
            "TRACE", "CONNECT", "other");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, AtomicLong> nodesByState = new ConcurrentHashMap<>();
    private final Map<ClusterPhase, AtomicLong> phases = new EnumMap<>(ClusterPhase.class);
    private final Map<String, Counter> stepRetries = new ConcurrentHashMap<>();
    private final Timer decisions;
    private final Timer releases;
    private final Map<String, Counter> enrollments = new ConcurrentHashMap<>();
    private final Map<String, Counter> renewals = new ConcurrentHashMap<>();
    /** Meters by label values, so that a request is a map lookup, not a registry lookup. */
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final Map<RolloutNode.State, AtomicLong> rolloutNodes = new EnumMap<>(RolloutNode.State.class);
    private final AtomicLong rolloutPaused = new AtomicLong();
    private final Map<DepartureStep, AtomicLong> departures = new EnumMap<>(DepartureStep.class);
    private final MultiGauge nodeConverged;
    private final MultiGauge observedGeneration;
    private final MultiGauge desiredGeneration;
    private final MultiGauge lastStatus;
    private final Map<String, Timer> storeOperations = new ConcurrentHashMap<>();
    private final Map<String, Counter> storeErrors = new ConcurrentHashMap<>();
    private final MultiGauge certificateExpiry;

    public ControllerMetrics(Instant caExpiry, IntSupplier waitingWatches) {
        for (String state : NODE_STATES) {
            Gauge.builder("kubenode.controller.nodes", nodesByState.computeIfAbsent(state, key -> new AtomicLong()),
                    AtomicLong::get).tag("state", state).description("Nodes by convergence state").register(registry);
        }
        for (ClusterPhase phase : ClusterPhase.values()) {
            AtomicLong value = new AtomicLong(phase == ClusterPhase.WaitingForNodes ? 1 : 0);
            phases.put(phase, value);
            Gauge.builder("kubenode.controller.cluster.phase", value, AtomicLong::get).tag("phase", phase.name())
                    .description("1 for the cluster's current orchestration phase, 0 for the others")
                    .register(registry);
        }
        for (RolloutNode.State state : RolloutNode.State.values()) {
            AtomicLong value = new AtomicLong();
            rolloutNodes.put(state, value);
            Gauge.builder("kubenode.controller.rollout.nodes", value, AtomicLong::get)
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .description("Nodes in the newest revision's rollout by state: pending (held on their previous "
                            + "catalog), released, done, failed").register(registry);
        }
        Gauge.builder("kubenode.controller.rollout.paused", rolloutPaused, AtomicLong::get)
                .description("1 while the newest revision's rollout is paused (a node failed its gates, or a person "
                        + "paused it), else 0").register(registry);
        for (DepartureStep step : DepartureStep.values()) {
            AtomicLong value = new AtomicLong();
            departures.put(step, value);
            Gauge.builder("kubenode.controller.departures", value, AtomicLong::get).tag("step", step.name())
                    .description("Nodes removed from the document that are leaving the cluster, by the step they "
                            + "are at").register(registry);
        }
        RETRIED_STEPS.forEach(step -> counter(stepRetries, "kubenode.controller.orchestration.step.retries",
                "kubeadm steps released again after a failure, by step", "step", step));
        decisions = Timer.builder("kubenode.controller.orchestration.decision")
                .description("Time the orchestrator takes to decide (the pure decision, without compiling or storing)")
                .register(registry);
        releases = Timer.builder("kubenode.controller.orchestration.release")
                .description("From the first node status the orchestrator had not yet seen to the publication of the "
                        + "catalogs of the steps that status let it release (the orchestration's own overhead)")
                .register(registry);
        ENROLL_RESULTS.forEach(result -> counter(enrollments, "kubenode.controller.enrollments",
                "Enrollment requests by result", result));
        RENEW_RESULTS.forEach(result -> counter(renewals, "kubenode.controller.certificate.renewals",
                "Node certificate renewals by result", result));
        // Strong references: a gauge holds its object weakly, and nothing else holds these two.
        Gauge.builder("kubenode.controller.ca.expiry.timestamp", caExpiry, Instant::getEpochSecond).baseUnit("seconds")
                .strongReference(true).description("Unix time when the agent CA certificate expires").register(registry);
        Gauge.builder("kubenode.controller.catalog.watches", waitingWatches, IntSupplier::getAsInt)
                .strongReference(true).description("Catalog long-polls waiting now").register(registry);
        nodeConverged = MultiGauge.builder("kubenode.controller.node.converged")
                .description("1 when the node reported convergence at its desired generation").register(registry);
        observedGeneration = MultiGauge.builder("kubenode.controller.node.observed.generation")
                .description("Catalog generation the node last applied").register(registry);
        desiredGeneration = MultiGauge.builder("kubenode.controller.desired.generation")
                .description("Generation of the node's current catalog").register(registry);
        lastStatus = MultiGauge.builder("kubenode.controller.node.last.status.timestamp").baseUnit("seconds")
                .description("Unix time of the node's last status report (an agent too far away to be scraped "
                        + "still shows its silence here)").register(registry);
        certificateExpiry = MultiGauge.builder("kubenode.controller.node.certificate.expiry.timestamp")
                .baseUnit("seconds").description("Unix time when the node's newest unrevoked certificate expires")
                .register(registry);
    }

    public void enrollment(String result) {
        counter(enrollments, "kubenode.controller.enrollments", "Enrollment requests by result", result).increment();
    }

    public void renewal(String result) {
        counter(renewals, "kubenode.controller.certificate.renewals", "Node certificate renewals by result", result)
                .increment();
    }

    /**
     * An answered API request; {@code route} is a path template, never a raw path, and the method is labelled by
     * {@link #methodLabel}: every label takes one of a fixed set of values, whatever a client sends.
     */
    public void request(String requestMethod, String route, int status, long nanos) {
        String method = methodLabel(requestMethod);
        String code = status >= 100 && status <= 599 ? Integer.toString(status) : "other";
        requests.computeIfAbsent(method + " " + route + " " + code, key -> Counter
                .builder("kubenode.controller.http.requests").description("API requests by route and status")
                .tags("method", method, "route", route, "code", code).register(registry)).increment();
        durations.computeIfAbsent(method + " " + route, key -> Timer
                .builder("kubenode.controller.http.request.duration").description("API request durations")
                .tags("method", method, "route", route).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry)).record(Duration.ofNanos(nanos));
    }

    /** The label of a request method: itself if HTTP defines it, otherwise "other". */
    public static String methodLabel(String method) {
        return METHODS.contains(method) && !method.equals("other") ? method : "other";
    }

    /** Refreshes the per-node and per-state gauges from the current summaries. */
    public void nodes(List<NodeSummary> summaries) {
        Map<String, Long> counts = new HashMap<>();
        NODE_STATES.forEach(state -> counts.put(state, 0L));
        for (NodeSummary node : summaries) {
            if (node.desiredGeneration() > 0) {
                counts.merge(state(node), 1L, Long::sum);
            }
        }
        counts.forEach((state, count) -> nodesByState.get(state).set(count));
        nodeConverged.register(summaries.stream().filter(node -> node.desiredGeneration() > 0)
                .map(node -> MultiGauge.Row.of(Tags.of("node", node.name()), node.converged() ? 1 : 0)).toList(), true);
        observedGeneration.register(summaries.stream()
                .map(node -> MultiGauge.Row.of(Tags.of("node", node.name()), node.appliedGeneration())).toList(), true);
        desiredGeneration.register(summaries.stream().filter(node -> node.desiredGeneration() > 0)
                .map(node -> MultiGauge.Row.of(Tags.of("node", node.name()), node.desiredGeneration())).toList(), true);
        lastStatus.register(summaries.stream().filter(node -> node.lastSeen() != null)
                .map(node -> MultiGauge.Row.of(Tags.of("node", node.name()), epochSeconds(node.lastSeen())))
                .toList(), true);
        certificateExpiry.register(summaries.stream().filter(node -> node.certificateExpires() != null)
                .map(node -> MultiGauge.Row.of(Tags.of("node", node.name()), epochSeconds(node.certificateExpires())))
                .toList(), true);
    }

    private static long epochSeconds(String instant) {
        return Instant.parse(instant).getEpochSecond();
    }

    public String scrape() {
        return registry.scrape();
    }

    static String state(NodeSummary node) {
        if (node.lastSeen() == null) {
            return "unreported";
        }
        if (node.failed() > 0) {
            return "failed";
        }
        return node.converged() ? "converged" : "converging";
    }

    /** The orchestration record's phase: 1 for it, 0 for every other. */
    public void clusterPhase(ClusterPhase current) {
        phases.forEach((phase, value) -> value.set(phase == current ? 1 : 0));
    }

    /** The rollout in force (null: none, every gauge 0). */
    public void rollout(RolloutRecord rollout) {
        rolloutNodes.forEach((state, value) -> value.set(rollout == null ? 0 : rollout.nodes().values().stream()
                .filter(node -> node.state() == state).count()));
        boolean paused = rollout != null && (rollout.pausedBy() != null || rollout.nodes().values().stream()
                .anyMatch(node -> node.state() == RolloutNode.State.FAILED));
        rolloutPaused.set(paused ? 1 : 0);
    }

    /** The nodes leaving the cluster by step (an empty map: every gauge 0). */
    public void departures(Map<String, Departure> leaving) {
        departures.forEach((step, value) -> value.set(leaving.values().stream()
                .filter(departure -> departure.step() == step).count()));
    }

    /** A kubeadm step released again after a failure; steps outside {@link #RETRIED_STEPS} are not counted. */
    public void stepRetry(String step) {
        if (RETRIED_STEPS.contains(step)) {
            stepRetries.get(step).increment();
        }
    }

    /**
     * Registers the store's operations (its method names: a fixed set) so that every error counter exists at 0
     * before its first error: Prometheus sees no increase in a counter whose first sample is already 1.
     */
    public void storeOperations(java.util.Collection<String> operations) {
        operations.forEach(operation -> {
            storeTimer(operation);
            storeErrorCounter(operation);
        });
    }

    /** A store operation that returned (or threw) after {@code nanos}. */
    public void storeOperation(String operation, long nanos, boolean failed) {
        storeTimer(operation).record(Duration.ofNanos(nanos));
        if (failed) {
            storeErrorCounter(operation).increment();
        }
    }

    private Timer storeTimer(String operation) {
        return storeOperations.computeIfAbsent(operation, key -> Timer.builder("kubenode.controller.store.operation")
                .description("Store operations (reads and writes) by operation, errors included")
                .tag("operation", operation).register(registry));
    }

    private Counter storeErrorCounter(String operation) {
        return storeErrors.computeIfAbsent(operation, key -> Counter.builder("kubenode.controller.store.errors")
                .description("Store operations that failed, by operation").tag("operation", operation)
                .register(registry));
    }

    public void decision(long nanos) {
        decisions.record(Duration.ofNanos(nanos));
    }

    public void release(long nanos) {
        releases.record(Duration.ofNanos(nanos));
    }

    private Counter counter(Map<String, Counter> counters, String name, String help, String result) {
        return counter(counters, name, help, "result", result);
    }

    private Counter counter(Map<String, Counter> counters, String name, String help, String label, String value) {
        return counters.computeIfAbsent(value, key -> Counter.builder(name).tag(label, value).description(help)
                .register(registry));
    }
}
