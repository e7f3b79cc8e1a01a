package io.kubenode.controller.e2e;

import io.kubenode.agent.host.DirectProbe;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.PemTrust;
import io.kubenode.agent.host.ProbeResult;

import javax.net.ssl.SSLContext;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A client of the cluster's endpoint: every {@code interval} a new TLS connection to the virtual IP (the front
 * haproxy), GET /healthz with the certificate verified against the cluster CA as the endpoint's name, until stopped.
 * Every request is kept: when it started, how long it took, whether it answered 200.
 */
public final class EndpointPoller implements AutoCloseable {
    public record Request(Instant started, long millis, boolean ok, String detail) {
        public Instant ended() {
            return started.plusMillis(millis);
        }
    }

    /** Failed requests one after the other, with no success between them. */
    public record FailedRun(Instant firstStarted, Instant lastEnded, int requests, String detail) {
        public Duration length() {
            return Duration.between(firstStarted, lastEnded);
        }
    }

    private final Sampler<Request> sampler;

    private EndpointPoller(Sampler<Request> sampler) {
        this.sampler = sampler;
    }

    public static EndpointPoller start(String url, InetAddress address, byte[] caPem, Duration interval, Duration timeout)
            throws HostException {
        SSLContext tls = PemTrust.trusting(caPem, "the cluster CA");
        EndpointPoller poller = new EndpointPoller(new Sampler<>(() -> request(url, address, tls, timeout),
                interval));
        poller.sampler.begin();
        return poller;
    }

    private static Request request(String url, InetAddress address, SSLContext tls, Duration timeout) {
        Instant started = Instant.now();
        long begin = System.nanoTime();
        ProbeResult result;
        try {
            result = DirectProbe.probe(url, address, tls, "the cluster CA", timeout);
        } catch (RuntimeException e) {
            result = ProbeResult.unhealthy(e.toString());
        }
        return new Request(started, (System.nanoTime() - begin) / 1_000_000, result.healthy(), result.detail());
    }

    public List<Request> requests() {
        return sampler.samples().stream().map(Sampler.Sample::value).toList();
    }

    /** Runs of consecutive failed requests, in order. */
    public List<FailedRun> failedRuns() {
        List<FailedRun> runs = new ArrayList<>();
        List<Request> current = new ArrayList<>();
        for (Request request : requests()) {
            if (!request.ok()) {
                current.add(request);
            } else if (!current.isEmpty()) {
                runs.add(run(current));
                current.clear();
            }
        }
        if (!current.isEmpty()) {
            runs.add(run(current));
        }
        return runs;
    }

    private static FailedRun run(List<Request> failed) {
        return new FailedRun(failed.get(0).started(), failed.get(failed.size() - 1).ended(), failed.size(),
                failed.get(0).detail());
    }

    @Override
    public void close() {
        sampler.close();
    }
}
