package io.kubenode.agent.engine;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.policy.AgentPolicy;
import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.ServiceSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One pass over a catalog: resources in dependency order, each observed, diffed and (unless planning) applied.
 * A failure skips its dependents and nothing else; services notified by changed resources restart once, at the end.
 */
public final class Engine {
    /** Why a resource was not tried in a pass that a stop request ended. */
    public static final String NOT_TRIED_STOPPING = "not tried: the agent is stopping";
    private static final BooleanSupplier NEVER = () -> false;
    private final HandlerRegistry handlers;
    private final AgentPolicy policy;
    private final Clock clock;

    public Engine(HandlerRegistry handlers, AgentPolicy policy, Clock clock) {
        this.handlers = handlers;
        this.policy = policy;
        this.clock = clock;
    }

    /** Observe and diff only: what apply would change. Never changes the host. */
    public Report plan(NodeCatalog catalog, Host host) {
        return run(catalog, host, false, ProgressListener.NONE, NEVER);
    }

    public Report apply(NodeCatalog catalog, Host host) {
        return run(catalog, host, true, ProgressListener.NONE, NEVER);
    }

    /** Apply, telling {@code progress} when each resource's apply starts and ends (the daemon's interim status). */
    public Report apply(NodeCatalog catalog, Host host, ProgressListener progress) {
        return run(catalog, host, true, progress, NEVER);
    }

    /**
     * As {@link #apply(NodeCatalog, Host, ProgressListener)}, ending early once {@code stopping} says so (SIGTERM):
     * the resource in hand finishes (a package transaction or kubeadm killed half-way is worse than a late stop),
     * the rest are not tried ({@value #NOT_TRIED_STOPPING}), except services that what changed notified: those still
     * run and restart, since the next pass, finding the changed files in sync, would not notify them again.
     */
    public Report apply(NodeCatalog catalog, Host host, ProgressListener progress, BooleanSupplier stopping) {
        return run(catalog, host, true, progress, stopping);
    }

    private Report run(NodeCatalog catalog, Host host, boolean apply, ProgressListener progress,
                       BooleanSupplier stopping) {
        Instant started = clock.instant();
        long startNanos = System.nanoTime();
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        Map<String, ResourceReport> reports = new LinkedHashMap<>();
        Set<String> notified = new LinkedHashSet<>();
        Pass pass = new Pass();
        Map<String, String> refusals = refusals(catalog.spec().resources());
        prepareHandlers(catalog.spec().resources(), refusals, host);
        for (CatalogResource resource : DependencyOrder.of(catalog.spec().resources())) {
            long resourceStart = System.nanoTime();
            String refusal = refusals.get(resource.id());
            Outcome outcome = refusal != null ? new Outcome.Failed(resource.id(), refusal)
                    : stopping.getAsBoolean() && !notified.contains(resource.id())
                    ? new Outcome.NotReady(resource.id(), NOT_TRIED_STOPPING)
                    : blockedBy(resource, outcomes).orElseGet(() -> runOne(resource, host, apply, pass, progress));
            outcomes.put(resource.id(), outcome);
            if (outcome instanceof Outcome.Changed && apply) {
                notified.addAll(resource.notifies());
                if (resource.spec() instanceof FileSpec file) {
                    pass.fileChanged(resource.id(), file.path());
                }
            }
            reports.put(resource.id(), ResourceReport.of(resource.type(), outcome,
                    (System.nanoTime() - resourceStart) / 1000));
        }
        if (apply) {
            restartNotified(catalog, notified, outcomes, reports, host, pass);
            reloadUnitsLeftChanged(catalog, outcomes, reports, host, pass);
        }
        List<ResourceReport> ordered = new ArrayList<>();
        catalog.spec().resources().forEach(resource -> ordered.add(reports.get(resource.id())));
        return new Report(catalog.metadata().node(), catalog.metadata().generation(),
                catalog.metadata().contentHash(), apply ? Report.APPLY : Report.PLAN, host.sandbox(), started.toString(),
                (System.nanoTime() - startNanos) / 1_000_000, ordered, List.of());
    }

    /**
     * A unit file changed but no service of this pass needed it: systemd must still learn about it now, or it keeps
     * running the old definition until something else reloads it. A failed reload fails the unit file resources.
     */
    private static void reloadUnitsLeftChanged(NodeCatalog catalog, Map<String, Outcome> outcomes,
                                               Map<String, ResourceReport> reports, Host host, Pass pass) {
        try {
            pass.reloadUnitsIfChanged(host);
        } catch (HostException e) {
            for (CatalogResource resource : catalog.spec().resources()) {
                if (pass.unitFileResources().contains(resource.id())) {
                    Outcome failed = new Outcome.Failed(resource.id(), "written, but " + e.getMessage());
                    outcomes.put(resource.id(), failed);
                    reports.put(resource.id(), ResourceReport.of(resource.type(), failed,
                            reports.get(resource.id()).durationMicros()));
                }
            }
        }
    }

    /**
     * Why the policy refuses each resource it refuses, checked before anything runs: a refused resource reaches no
     * command, not even a batched query, and fails whatever its dependencies did.
     */
    private Map<String, String> refusals(List<CatalogResource> resources) {
        Map<String, String> refusals = new LinkedHashMap<>();
        for (CatalogResource resource : resources) {
            ResourceSpec spec = resource.spec();
            Optional<ResourceHandler<ResourceSpec, Object>> handler = handlers.handlerFor(spec);
            if (handler.isEmpty()) {
                refusals.put(resource.id(), "no handler for resource type " + spec.type());
                continue;
            }
            Optional<String> refusal;
            try {
                refusal = policy.refusal(spec, handler.get().writes(spec));
            } catch (RuntimeException e) {
                refusal = Optional.of(AgentPolicy.REFUSED + "field checks: " + e);
            }
            refusal.ifPresent(reason -> refusals.put(resource.id(), reason));
        }
        return refusals;
    }

    /** Lets each handler observe all its resources at once (one package query per pass, not one per package). */
    private void prepareHandlers(List<CatalogResource> resources, Map<String, String> refusals, Host host) {
        Map<ResourceHandler<ResourceSpec, Object>, List<ResourceSpec>> specsByHandler = new LinkedHashMap<>();
        for (CatalogResource resource : resources) {
            if (refusals.containsKey(resource.id())) {
                continue;
            }
            handlers.handlerFor(resource.spec()).ifPresent(handler ->
                    specsByHandler.computeIfAbsent(handler, key -> new ArrayList<>()).add(resource.spec()));
        }
        specsByHandler.forEach((handler, specs) -> {
            try {
                handler.prepare(specs, host);
            } catch (RuntimeException e) {
                // prepare is an optimisation: each observe still reads the host and reports its own failure
            }
        });
    }

    /** A failed dependency skips this resource; a dependency not ready yet makes it wait too. */
    private static Optional<Outcome> blockedBy(CatalogResource resource, Map<String, Outcome> outcomes) {
        for (String dependency : resource.dependsOn()) {
            Outcome outcome = outcomes.get(dependency);
            if (outcome instanceof Outcome.Failed || outcome instanceof Outcome.Skipped) {
                String root = outcome instanceof Outcome.Skipped skipped ? skipped.blockedBy() : dependency;
                return Optional.of(new Outcome.Skipped(resource.id(), root));
            }
            if (outcome instanceof Outcome.NotReady) {
                return Optional.of(new Outcome.NotReady(resource.id(), "waiting for " + dependency));
            }
        }
        return Optional.empty();
    }

    private Outcome runOne(CatalogResource resource, Host host, boolean apply, Pass pass, ProgressListener progress) {
        ResourceSpec spec = resource.spec();
        ResourceHandler<ResourceSpec, Object> handler = handlers.handlerFor(spec).orElseThrow();
        try {
            // The textual checks ran before the pass (refusals); the real path needs the host, so it is checked here.
            for (String path : handler.writes(spec)) {
                Optional<String> refusal = policy.paths().refusal(path, host.realPath(path));
                if (refusal.isPresent()) {
                    return new Outcome.Failed(resource.id(), AgentPolicy.REFUSED + "path policy: " + refusal.get());
                }
            }
            Object actual = handler.observe(spec, host);
            List<Change> changes = handler.diff(spec, actual);
            if (changes.isEmpty()) {
                return new Outcome.InSync(resource.id(), handler.inSyncNote(spec, actual));
            }
            if (apply) {
                applyTelling(progress, new RunningResource(resource.id(), resource.type(), handler.activity(spec),
                        clock.instant()), () -> handler.apply(spec, actual, changes, host, pass));
            }
            return new Outcome.Changed(resource.id(), changes);
        } catch (NotReadyException e) {
            return new Outcome.NotReady(resource.id(), e.getMessage());
        } catch (HostException e) {
            return new Outcome.Failed(resource.id(), e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome.Failed(resource.id(), "internal error: " + e);
        }
    }

    private interface HostAction {
        void run() throws HostException;
    }

    /** Runs one apply between started and finished; a listener's failure never fails the resource. */
    private static void applyTelling(ProgressListener progress, RunningResource running, HostAction action)
            throws HostException {
        try {
            progress.started(running);
        } catch (RuntimeException e) {
            // the listener only reports; the apply goes on
        }
        try {
            action.run();
        } finally {
            try {
                progress.finished(running);
            } catch (RuntimeException e) {
                // as above
            }
        }
    }

    /**
     * Restarts each notified service once, unless it failed, was skipped, is wanted stopped or was just started by
     * this pass (it already runs the new configuration). A service whose state is unmanaged gets
     * {@code try-restart}: restarted if it runs, left alone if it does not.
     */
    private void restartNotified(NodeCatalog catalog, Set<String> notified, Map<String, Outcome> outcomes,
                                 Map<String, ResourceReport> reports, Host host, Pass pass) {
        for (CatalogResource resource : catalog.spec().resources()) {
            if (!notified.contains(resource.id()) || !(resource.spec() instanceof ServiceSpec service)) {
                continue;
            }
            Outcome before = outcomes.get(resource.id());
            boolean appliedCleanly = before instanceof Outcome.InSync || before instanceof Outcome.Changed;
            if (!appliedCleanly || ServiceSpec.STOPPED.equals(service.state())
                    || pass.startedThisPass(service.name())) {
                continue;
            }
            String verb = ServiceSpec.RUNNING.equals(service.state()) ? "restart" : "try-restart";
            Change restart = Change.update(resource.id(), verb.equals("restart") ? "restarted (notified)"
                    : "restarted if running (notified)");
            Outcome after;
            try {
                pass.reloadUnitsIfChanged(host);
                host.runChecked(List.of("systemctl", verb, "--", service.name()), Duration.ofSeconds(120));
                List<Change> changes = new ArrayList<>();
                if (before instanceof Outcome.Changed changed) {
                    changes.addAll(changed.changes());
                }
                changes.add(restart);
                after = new Outcome.Changed(resource.id(), changes);
            } catch (HostException e) {
                after = new Outcome.Failed(resource.id(), "restart after a notifying change failed: "
                        + e.getMessage());
            }
            outcomes.put(resource.id(), after);
            reports.put(resource.id(), ResourceReport.of(resource.type(), after,
                    reports.get(resource.id()).durationMicros()));
        }
    }
}
