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
final class EndpointPoller implements AutoCloseable {
    record Request(Instant started, long millis, boolean ok, String detail) {
        Instant ended() {
            return started.plusMillis(millis);
        }
    }

    /** Failed requests one after the other, with no success between them. */
    record FailedRun(Instant firstStarted, Instant lastEnded, int requests, String detail) {
        Duration length() {
            return Duration.between(firstStarted, lastEnded);
        }
    }

    private final String url;
    private final InetAddress address;
    private final SSLContext tls;
    private final Duration interval;
    private final Duration timeout;
    private final List<Request> requests = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private EndpointPoller(String url, InetAddress address, SSLContext tls, Duration interval, Duration timeout) {
        this.url = url;
        this.address = address;
        this.tls = tls;
        this.interval = interval;
        this.timeout = timeout;
        this.thread = new Thread(this::poll, "endpoint-poller");
        this.thread.setDaemon(true);
    }

    static EndpointPoller start(String url, InetAddress address, byte[] caPem, Duration interval, Duration timeout)
            throws HostException {
        EndpointPoller poller = new EndpointPoller(url, address, PemTrust.trusting(caPem, "the cluster CA"), interval,
                timeout);
        poller.thread.start();
        return poller;
    }

    private void poll() {
        long next = System.nanoTime();
        while (running) {
            Instant started = Instant.now();
            long begin = System.nanoTime();
            ProbeResult result;
            try {
                result = DirectProbe.probe(url, address, tls, "the cluster CA", timeout);
            } catch (RuntimeException e) {
                result = ProbeResult.unhealthy(e.toString());
            }
            long millis = (System.nanoTime() - begin) / 1_000_000;
            synchronized (requests) {
                requests.add(new Request(started, millis, result.healthy(), result.detail()));
            }
            next += interval.toNanos();
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                try {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** Runs of consecutive failed requests, in order. */
    List<FailedRun> failedRuns() {
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
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
