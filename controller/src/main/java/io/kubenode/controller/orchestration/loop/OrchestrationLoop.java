package io.kubenode.controller.orchestration.loop;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.controller.catalog.ClusterCatalogs;
import io.kubenode.controller.metrics.ControllerMetrics;
import io.kubenode.controller.node.NodeStatuses;
import io.kubenode.controller.node.ReceivedStatus;
import io.kubenode.controller.orchestration.ClusterApiObserver;
import io.kubenode.controller.orchestration.Decider;
import io.kubenode.controller.orchestration.Decision;
import io.kubenode.controller.orchestration.Departure;
import io.kubenode.controller.orchestration.OrchestrationEvent;
import io.kubenode.controller.orchestration.OrchestrationInput;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.rollout.RolloutRecord;
import io.kubenode.controller.store.OrchestrationWrite;
import io.kubenode.controller.store.Store;
import io.kubenode.controller.token.BootstrapToken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the orchestrator's decision, one at a time on its own thread (never on an event loop): after every node
 * status, after every cluster revision, and on a timer (the decision's {@code wakeAt}, or when a node would become
 * unreachable, at most {@link #MAX_INTERVAL} apart). Requests that arrive while one is pending fold into it. Each run reads its input,
 * decides and records the decision within {@link ClusterCatalogs#exclusively}: a token the decision adopts is stored
 * sealed first, then the record, the changed nodes' catalogs (new generations) and the audit rows in one transaction,
 * then those catalogs are published. A decision that changes nothing writes nothing.
 */
public final class OrchestrationLoop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(OrchestrationLoop.class.getName());
    public static final Duration MAX_INTERVAL = Duration.ofSeconds(30);

    private final ClusterCatalogs catalogs;
    private final NodeStatuses statuses;
    private final Store store;
    private final Decider decider;
    private final ClusterApiObserver api;
    private final BootstrapTokenSecrets tokens;
    private final ControllerMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "kubenode-orchestrator");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean pending = new AtomicBoolean();
    /** System.nanoTime() of the first status received since a decision last read the statuses; 0: none. */
    private final AtomicLong firstUnseenStatus = new AtomicLong();
    private CachedApiAnswer apiAnswer = CachedApiAnswer.NONE;
    private ScheduledFuture<?> wake;

    /** What one run did: nothing to decide (no document), decided without a change, or recorded a change. */
    public sealed interface Run {
        record NoDocument() implements Run {
        }

        record Unchanged(Decision decision) implements Run {
        }

        record Recorded(Decision decision, Set<String> compiledNodes, OrchestrationWrite write) implements Run {
        }
    }

    public OrchestrationLoop(ClusterCatalogs catalogs, NodeStatuses statuses, Store store, Decider decider,
                             ClusterApiObserver api, BootstrapTokenSecrets tokens, ControllerMetrics metrics,
                             Clock clock) {
        this.catalogs = catalogs;
        this.statuses = statuses;
        this.store = store;
        this.decider = decider;
        this.api = api;
        this.tokens = tokens;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Makes the cluster PKI now, on a thread of its own, if the store has none yet (most of a second): neither the
     * decisions nor the release of init then wait for it. serve calls it at start.
     */
    public void prepareClusterPkiAhead() {
        Thread pki = new Thread(this::prepareSecrets, "kubenode-cluster-pki");
        pki.setDaemon(true);
        pki.start();
    }

    /** Subscribes to statuses and revisions and decides once now. */
    public void start() {
        statuses.onStatus(node -> {
            firstUnseenStatus.compareAndSet(0, System.nanoTime());
            request();
        });
        catalogs.onRevision(this::request);
        request();
    }

    /** Asks for a decision soon; never blocks (called on event loops). */
    public void request() {
        if (pending.compareAndSet(false, true)) {
            try {
                worker.execute(this::runRequested);
            } catch (RejectedExecutionException closed) {
                pending.set(false);
            }
        }
    }

    /** Decides now on the loop's thread and waits for it (tests; the order with requested runs is kept). */
    public Run runNow() throws InterruptedException, ExecutionException, TimeoutException {
        return worker.submit(this::decideAndRecord).get(60, TimeUnit.SECONDS);
    }

    private void runRequested() {
        pending.set(false);
        Instant next = clock.instant().plus(MAX_INTERVAL);
        try {
            Run run = decideAndRecord();
            Optional<Instant> wakeAt = run instanceof Run.Unchanged unchanged ? unchanged.decision().wakeAt()
                    : run instanceof Run.Recorded recorded ? recorded.decision().wakeAt() : Optional.empty();
            if (wakeAt.isPresent() && wakeAt.get().isBefore(next)) {
                next = wakeAt.get();
            }
            // a node falling silent is news without any event: decide again when the next one would
            Optional<Instant> silentAt = statuses.contacts().nextExpiry(statuses.all().keySet(), clock.instant());
            if (silentAt.isPresent() && silentAt.get().isBefore(next)) {
                next = silentAt.get();
            }
        } catch (RuntimeException e) {
            // Nothing was written (the store's transaction rolled back, or the failure came before it): the next
            // run decides again from the same inputs.
            LOG.log(System.Logger.Level.ERROR, "orchestration: " + e.getMessage());
        }
        scheduleWake(next);
    }

    private void scheduleWake(Instant at) {
        if (wake != null) {
            wake.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        try {
            wake = worker.schedule(this::request, delay, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    private Run decideAndRecord() {
        return catalogs.exclusively(() -> {
            Optional<Cluster> cluster = catalogs.current();
            if (cluster.isEmpty()) {
                return new Run.NoDocument();
            }
            Instant now = clock.instant();
            long unseenSince = firstUnseenStatus.getAndSet(0);
            OrchestrationRecord record = catalogs.orchestration().orElseGet(() ->
                    OrchestrationRecord.empty(now.toString()));
            BootstrapToken candidate = tokens.candidate();
            Map<String, Long> generations = generations(cluster.get(), record);
            OrchestrationInput input = new OrchestrationInput(cluster.get(), statuses(), generations, record, now,
                    candidate.id(), readyNodes(cluster.get(), record, now),
                    statuses.contacts().unreachable(generations.keySet(), now));
            long started = System.nanoTime();
            Decision decision = decider.decide(input);
            metrics.decision(System.nanoTime() - started);
            Set<String> compile = new TreeSet<>(decision.changedNodes());
            compile.addAll(nodesWhoseStepsDiffer(record, decision.next()));
            boolean stored = catalogs.orchestration().isPresent();
            if (stored && decision.next().equals(record) && compile.isEmpty() && decision.events().isEmpty()) {
                metrics.clusterPhase(record.phase());
                metrics.rollout(record.rollout());
                metrics.departures(record.departures());
                return new Run.Unchanged(decision);
            }
            if (decision.tokenCandidateUsed()) {
                tokens.store(candidate);
            }
            OrchestrationWrite write = catalogs.recordOrchestration(store, decision.next(), compile,
                    decision.events());
            measureRelease(decision, unseenSince);
            metrics.clusterPhase(decision.next().phase());
            metrics.rollout(decision.next().rollout());
            metrics.departures(decision.next().departures());
            for (OrchestrationEvent event : decision.events()) {
                if (event.action().equals("step.retry") && event.step() != null) {
                    metrics.stepRetry(event.step());
                }
            }
            return new Run.Recorded(decision, compile, write);
        });
    }

    private void prepareSecrets() {
        try {
            catalogs.prepareSecrets();
        } catch (RuntimeException e) {
            // The first release that needs the PKI makes it (or reports why it cannot).
            LOG.log(System.Logger.Level.WARNING, "orchestration: cannot prepare the cluster PKI ahead of time: "
                    + e.getMessage());
        }
    }

    /**
     * The orchestration's own overhead: from the first status this decision had not seen before (an upper bound on
     * when the status that made a step releasable arrived) to the step's catalog published to the node's watch.
     * Releases the timer or a document change caused are not counted.
     */
    private void measureRelease(Decision decision, long unseenSince) {
        List<String> released = decision.events().stream().filter(event -> event.action().equals("step.release"))
                .map(event -> event.step() + " to " + event.node()).toList();
        if (unseenSince == 0 || released.isEmpty()) {
            return;
        }
        long nanos = System.nanoTime() - unseenSince;
        metrics.release(nanos);
        LOG.log(System.Logger.Level.INFO, () -> String.format("orchestration: released %s %.1f ms after the status "
                + "that allowed it", String.join(", ", released), nanos / 1e6));
    }

    /**
     * What the cluster API lists Ready, asked only once every node of the record has joined (before, there is no
     * API to ask, and an unreachable endpoint would cost each decision its connect timeout) and at most every
     * {@link CachedApiAnswer#FOR}.
     */
    private Optional<Set<String>> readyNodes(Cluster cluster, OrchestrationRecord record, Instant now) {
        boolean allJoined = !record.nodes().isEmpty() && record.nodes().values().stream().allMatch(NodeRecord::joined)
                && record.nodes().keySet().containsAll(cluster.spec().nodesOrEmpty().stream()
                .map(io.kubenode.common.cluster.NodeSpec::name).toList());
        if (!allJoined) {
            return Optional.empty();
        }
        if (!apiAnswer.freshAt(now)) {
            apiAnswer = new CachedApiAnswer(api.readyNodes(cluster), now);
        }
        return apiAnswer.readyNodes();
    }

    /** The cluster API's last answer and when it was given. */
    private record CachedApiAnswer(Optional<Set<String>> readyNodes, Instant at) {
        static final Duration FOR = Duration.ofSeconds(5);
        static final CachedApiAnswer NONE = new CachedApiAnswer(Optional.empty(), Instant.MIN);

        boolean freshAt(Instant now) {
            return !at.equals(Instant.MIN) && !now.isAfter(at.plus(FOR)) && !now.isBefore(at);
        }
    }

    private Map<String, NodeStatus> statuses() {
        Map<String, NodeStatus> byNode = new LinkedHashMap<>();
        for (Map.Entry<String, ReceivedStatus> each : statuses.all().entrySet()) {
            byNode.put(each.getKey(), each.getValue().status());
        }
        return byNode;
    }

    /** The catalog generation of every node of the document and of every node still leaving the cluster. */
    private Map<String, Long> generations(Cluster cluster, OrchestrationRecord record) {
        Map<String, Long> generations = new LinkedHashMap<>();
        for (NodeSpec node : cluster.spec().nodes()) {
            generations.put(node.name(), catalogs.watches().generation(node.name()));
        }
        for (String leaving : record.departures().keySet()) {
            generations.put(leaving, catalogs.watches().generation(leaving));
        }
        return generations;
    }

    /**
     * Nodes whose catalog input differs between two records (their released steps, or the token they hold): compiled
     * again whatever the decision listed, so that the catalogs served always equal what a restart compiles.
     */
    static Set<String> nodesWhoseStepsDiffer(OrchestrationRecord before, OrchestrationRecord after) {
        Set<String> names = new TreeSet<>(before.nodes().keySet());
        names.addAll(after.nodes().keySet());
        Set<String> differ = new TreeSet<>();
        for (String name : names) {
            if (!before.released(name).equals(after.released(name))) {
                differ.add(name);
            }
        }
        differ.addAll(RolloutRecord.nodesWhoseHoldDiffers(before.rollout(), after.rollout()));
        differ.addAll(RolloutRecord.executorsWhoseDrainsDiffer(before.rollout(), after.rollout()));
        differ.addAll(Departure.nodesWhoseDeparturesDiffer(before.departures(), after.departures()));
        if (!Objects.equals(before.token(), after.token())) {
            if (before.token() != null && before.token().holder() != null) {
                differ.add(before.token().holder());
            }
            if (after.token() != null && after.token().holder() != null) {
                differ.add(after.token().holder());
            }
        }
        return differ;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
