package io.kubenode.agent.metrics;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The agent's metrics (names fixed in DESIGN.md), in Micrometer's Prometheus registry. Counters are registered
 * for every resource type up front so that rate() sees them from zero.
 */
public final class AgentMetrics {
    public static final List<String> RESOURCE_TYPES = List.of("file", "managedBlock", "sysctl", "kernelModule",
            "swap", "selinux", "hostname", "package", "archive", "service", "probe", "firewall");
    private static final String[] CHANGES = {"kubenode.agent.resource.changes", "Resources changed by apply passes"};
    private static final String[] DRIFT = {"kubenode.agent.drift.corrections",
            "Changes to resources that had been in sync: drift corrected"};
    private static final String[] FAILURES = {"kubenode.agent.resource.failures", "Resource failures in apply passes"};
    private static final String RENEWAL_SUCCESS = "success";
    private static final String RENEWAL_FAILURE = "failure";
    private static final List<String> STATES = List.of("in_sync", "changed", "failed", "skipped", "not_ready");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicLong converged = new AtomicLong();
    private final AtomicLong catalogGeneration = new AtomicLong();
    private final AtomicLong appliedGeneration = new AtomicLong();
    private final AtomicLong lastConvergedSeconds = new AtomicLong();
    private final AtomicLong controllerConnected = new AtomicLong();
    private final AtomicLong certificateExpirySeconds = new AtomicLong();
    private final AtomicLong certificateRevoked = new AtomicLong();
    private final AtomicLong catalogRefused = new AtomicLong();
    private final Map<String, Counter> renewals = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> resourcesByState = new ConcurrentHashMap<>();
    private final Map<String, Counter> changes = new ConcurrentHashMap<>();
    private final Map<String, Counter> drift = new ConcurrentHashMap<>();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Timer reconcileDuration;

    public AgentMetrics() {
        gauge("kubenode.agent.converged", converged, null,
                "1 when the host matched its catalog after the last pass");
        gauge("kubenode.agent.catalog.generation", catalogGeneration, null,
                "Generation of the catalog the agent holds");
        gauge("kubenode.agent.applied.generation", appliedGeneration, null,
                "Generation of the catalog last applied without failures");
        gauge("kubenode.agent.last.converged.timestamp", lastConvergedSeconds, "seconds",
                "Unix time of the last pass after which the host matched its catalog");
        gauge("kubenode.agent.controller.connected", controllerConnected, null,
                "1 after a successful exchange with the controller, 0 after a failed one");
        gauge("kubenode.agent.certificate.expiry.timestamp", certificateExpirySeconds, "seconds",
                "Unix time at which the node's client certificate expires");
        gauge("kubenode.agent.certificate.revoked", certificateRevoked, null,
                "1 while the controller answers that the node's certificate is revoked");
        gauge("kubenode.agent.catalog.refused", catalogRefused, null,
                "1 while the newest catalog offered was refused (the agent keeps enforcing the one in force)");
        for (String result : List.of(RENEWAL_SUCCESS, RENEWAL_FAILURE)) {
            renewals.put(result, Counter.builder("kubenode.agent.certificate.renewals").tag("result", result)
                    .description("Certificate renewal attempts by result").register(registry));
        }
        for (String state : STATES) {
            AtomicLong count = resourcesByState.computeIfAbsent(state, key -> new AtomicLong());
            Gauge.builder("kubenode.agent.resources", count, AtomicLong::get).tag("state", state)
                    .description("Resources of the catalog by outcome of the last pass").register(registry);
        }
        for (String type : RESOURCE_TYPES) {
            counter(changes, CHANGES, type);
            counter(drift, DRIFT, type);
            counter(failures, FAILURES, type);
        }
        reconcileDuration = Timer.builder("kubenode.agent.reconcile.duration")
                .description("Duration of apply passes").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    /** Records an apply pass; {@code driftedTypes} lists the type of each resource whose change was drift. */
    public void recordPass(Report report, List<String> driftedTypes, Instant now) {
        reconcileDuration.record(Duration.ofMillis(report.durationMillis()));
        report.counts().forEach((state, count) -> resourcesByState.computeIfAbsent(state, key -> new AtomicLong())
                .set(count));
        for (ResourceReport resource : report.resources()) {
            if (resource.state().equals("changed")) {
                counter(changes, CHANGES, resource.type()).increment();
            } else if (resource.state().equals("failed")) {
                counter(failures, FAILURES, resource.type()).increment();
            }
        }
        driftedTypes.forEach(type -> counter(drift, DRIFT, type).increment());
        catalogGeneration.set(report.generation());
        if (!report.failed()) {
            appliedGeneration.set(report.generation());
        }
        boolean matches = report.hostMatchesCatalog();
        converged.set(matches ? 1 : 0);
        if (matches) {
            lastConvergedSeconds.set(now.getEpochSecond());
        }
    }

    public void controllerConnected(boolean connected) {
        controllerConnected.set(connected ? 1 : 0);
    }

    /** A catalog arrived and passed its checks: the generation the agent now holds, before any pass over it. */
    public void catalogReceived(long generation) {
        catalogGeneration.set(generation);
        catalogRefused.set(0);
    }

    /** The newest catalog offered did not load or was not this node's: refused, the one in force stays. */
    public void catalogRefused() {
        catalogRefused.set(1);
    }

    public void certificateExpires(Instant notAfter) {
        certificateExpirySeconds.set(notAfter.getEpochSecond());
    }

    public void certificateRevoked(boolean revoked) {
        certificateRevoked.set(revoked ? 1 : 0);
    }

    public void certificateRenewed(boolean success) {
        renewals.get(success ? RENEWAL_SUCCESS : RENEWAL_FAILURE).increment();
    }

    /** A gauge reading {@code value}; {@code baseUnit} may be null. */
    private void gauge(String name, AtomicLong value, String baseUnit, String description) {
        Gauge.builder(name, value, AtomicLong::get).baseUnit(baseUnit).description(description).register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private Counter counter(Map<String, Counter> counters, String[] nameAndHelp, String type) {
        return counters.computeIfAbsent(type, key -> Counter.builder(nameAndHelp[0]).tag("type", type)
                .description(nameAndHelp[1]).register(registry));
    }
}
