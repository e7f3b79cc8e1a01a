package io.kubenode.agent.resource.kubeadm;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.NotReadyException;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.ProbeResult;
import io.kubenode.agent.resource.step.StepCommand;
import io.kubenode.common.catalog.KubeadmSpec;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One kubeadm step (init, join or reset), judged by observation only, so a second pass, a restart or a crash never
 * runs {@code kubeadm init} twice on a healthy node. init/join: in sync when kubeadm's output files exist and the
 * kubelet (and, on a control plane, the local apiserver, verified against the cluster CA) answer; none of the files:
 * the step runs; some of them but a component not answering: half-done, reported failed so the orchestrator resets
 * the node, except within the step's timeout of kubeadm writing them or of the machine booting (a kubelet still
 * starting is not ready yet, not broken). reset: in sync when none of kubeadm's output files is left. The handler
 * writes no file itself: kubeadm does, under /etc/kubernetes.
 */
public final class KubeadmHandler implements ResourceHandler<KubeadmSpec, KubeadmActual> {
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(600);
    private final Clock clock;

    public KubeadmHandler(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Class<KubeadmSpec> specType() {
        return KubeadmSpec.class;
    }

    @Override
    public KubeadmActual observe(KubeadmSpec spec, Host host) throws HostException, NotReadyException {
        if (KubeadmSpec.RESET.equals(spec.action())) {
            return KubeadmActual.resetLeftovers(leftovers(host));
        }
        List<String> present = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Instant newest = null;
        for (String file : KubeadmFiles.expected(spec)) {
            Optional<FileStat> stat = host.stat(file);
            if (stat.isEmpty()) {
                missing.add(file);
                continue;
            }
            present.add(file);
            Instant modified = stat.get().modified();
            newest = modified != null && (newest == null || modified.isAfter(newest)) ? modified : newest;
        }
        if (present.isEmpty()) {
            return KubeadmActual.nothingYet();
        }
        List<String> problems = new ArrayList<>();
        if (!missing.isEmpty()) {
            problems.add(String.join(", ", missing) + " missing");
        }
        ProbeResult kubelet = host.probeHttp(spec.kubeletHealthUrl(), PROBE_TIMEOUT);
        if (!kubelet.healthy()) {
            problems.add(kubelet.detail());
        }
        if (KubeadmSpec.CONTROL_PLANE.equals(spec.role()) && spec.apiServerUrl() != null) {
            ProbeResult apiserver = host.probeHttps(spec.apiServerUrl(), spec.caFile(), PROBE_TIMEOUT);
            if (!apiserver.healthy()) {
                problems.add(apiserver.detail());
            }
        }
        if (problems.isEmpty()) {
            return KubeadmActual.joined(present);
        }
        throw halfDone(spec, host, present, problems, newest);
    }

    /**
     * Not ready while kubeadm's newest file or the machine's boot is younger than the step's timeout (the kubelet
     * may still be starting); failed after that.
     */
    private HostException halfDone(KubeadmSpec spec, Host host, List<String> present, List<String> problems,
                               Instant newest) throws NotReadyException {
        String message = "half-done: " + String.join(", ", present) + " present but " + String.join("; ", problems);
        Duration timeout = timeout(spec);
        Optional<Duration> since = youngest(newest == null ? null : Duration.between(newest, clock.instant()),
                uptime(host));
        if (since.isPresent() && since.get().compareTo(timeout) < 0) {
            throw new NotReadyException(message + " (" + since.get().toSeconds() + " s after kubeadm wrote its files "
                    + "or the machine booted; failed if still so after " + timeout.toSeconds() + " s)");
        }
        return new HostException(message + "; the node needs kubeadm reset before the step can run again");
    }

    private static Optional<Duration> youngest(Duration sinceWritten, Optional<Duration> uptime) {
        if (sinceWritten == null) {
            return uptime;
        }
        return Optional.of(uptime.filter(up -> up.compareTo(sinceWritten) < 0).orElse(sinceWritten));
    }

    /** Seconds since boot from /proc/uptime; empty where there is none (a sandbox root). */
    private static Optional<Duration> uptime(Host host) {
        try {
            Optional<byte[]> text = host.read("/proc/uptime", 256);
            if (text.isEmpty()) {
                return Optional.empty();
            }
            String seconds = new String(text.get(), java.nio.charset.StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(seconds) * 1000)));
        } catch (HostException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static List<String> leftovers(Host host) throws HostException {
        List<String> left = new ArrayList<>();
        for (String file : KubeadmFiles.resetRemoves()) {
            if (host.stat(file).isPresent()) {
                left.add(file);
            }
        }
        for (String name : host.list(KubeadmFiles.MANIFESTS)) {
            if (name.endsWith(".yaml")) {
                left.add(KubeadmFiles.MANIFESTS + "/" + name);
            }
        }
        return left;
    }

    /** Exactly the command apply would run, or nothing when the step is done. */
    @Override
    public List<Change> diff(KubeadmSpec spec, KubeadmActual actual) {
        if (actual.done()) {
            return List.of();
        }
        String command = "run " + String.join(" ", KubeadmCommands.argv(spec));
        if (KubeadmSpec.RESET.equals(spec.action())) {
            return List.of(Change.delete(spec.id(), command + " (left: " + String.join(", ", actual.present()) + ")"));
        }
        return List.of(Change.create(spec.id(), command));
    }

    @Override
    public void apply(KubeadmSpec spec, KubeadmActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        String label = KubeadmCommands.label(spec);
        CommandResult result = StepCommand.runAllowingFailure(host, label, KubeadmCommands.argv(spec), timeout(spec));
        if (result.exitCode() != 0) {
            throw new HostException(StepCommand.failure(label, result, PreflightErrors.summary(result)));
        }
    }

    @Override
    public String activity(KubeadmSpec spec) {
        return KubeadmCommands.label(spec);
    }

    static Duration timeout(KubeadmSpec spec) {
        return spec.timeoutSeconds() > 0 ? Duration.ofSeconds(spec.timeoutSeconds()) : DEFAULT_TIMEOUT;
    }
}
