package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Who holds a virtual IP, sampled every {@value #POLL_MILLIS} ms: inside each control plane ({@code ip -4 addr show
 * dev host0} lists it), and from this host: whose MAC its neighbour entry for the VIP names (the host that answered
 * ARP or announced itself by gratuitous ARP: where packets go) and whether a TCP connect to the VIP's port succeeds.
 * Every change is an event of the timeline, with the test's own marks (a stop, a start) between them. Two hosts may
 * have the address at once: a killed keepalived leaves it on its interface while a backup takes over.
 */
public final class VipWatch implements AutoCloseable {
    static final int POLL_MILLIS = 50;
    /** The start of the timeline's events for this host's neighbour entry: followed by the host it names. */
    static final String ARP_EVENT = "ARP: the VIP at ";
    private static final int CONNECT_TIMEOUT_MILLIS = 200;

    /** One line of the timeline: milliseconds since the watch started, and what happened. */
    public record Event(long millis, String what) {
        @Override
        public String toString() {
            return String.format("%+8d ms  %s", millis, what);
        }
    }

    private final String vip;
    private final long start = System.nanoTime();
    /** The wall-clock time of {@link #start}, to place journal timestamps on the timeline. */
    private final Instant startedAt = Instant.now();
    private final List<Event> events = new ArrayList<>();
    private final Map<String, Boolean> holding = new LinkedHashMap<>();
    /** Each control plane's host0 MAC address: whom this host's neighbour entry names. */
    private final Map<String, String> hostsByMac = new LinkedHashMap<>();
    private final ExecutorService pollers;
    private volatile boolean stopped;
    private Boolean endpointAnswers;
    private String arpOwner = "";

    private VipWatch(List<NspawnHost> controlPlanes, String vip, int port) throws IOException, InterruptedException {
        this.vip = vip;
        for (NspawnHost host : controlPlanes) {
            hostsByMac.put(host.check("cat", "/sys/class/net/host0/address").strip(), host.hostname());
        }
        this.pollers = Executors.newFixedThreadPool(controlPlanes.size() + 2);
        for (NspawnHost host : controlPlanes) {
            holding.put(host.hostname(), false);
            pollers.submit(() -> pollHost(host));
        }
        pollers.submit(() -> pollEndpoint(port));
        pollers.submit(this::pollNeighbour);
    }

    /** Starts watching {@code vip} on the running {@code controlPlanes} and {@code vip:port} from this host. */
    public static VipWatch start(List<NspawnHost> controlPlanes, String vip, int port)
            throws IOException, InterruptedException {
        return new VipWatch(controlPlanes, vip, port);
    }

    /** Adds a mark to the timeline (what the test just did); returns its time. */
    public synchronized long mark(String what) {
        Event event = new Event(now(), what);
        events.add(event);
        System.out.println("vip: " + event);
        return event.millis();
    }

    /** Adds what a host's journal says happened at {@code at} to the timeline, in time order; returns its time. */
    public synchronized long note(Instant at, String what) {
        Event event = new Event(millisAt(at), what);
        int index = events.size();
        while (index > 0 && events.get(index - 1).millis() > event.millis()) {
            index--;
        }
        events.add(index, event);
        return event.millis();
    }

    /** {@code at} on the timeline: milliseconds since the watch started. */
    public long millisAt(Instant at) {
        return Duration.between(startedAt, at).toMillis();
    }

    /** The hosts that had the address at their last sample. */
    public synchronized List<String> holders() {
        return holding.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    /**
     * Waits until a host other than {@code former} has the address and this host's neighbour entry names it (the
     * VIP's packets go there, whether or not {@code former} still has the address too); returns when the later of
     * the two happened, or fails after {@code within}.
     */
    public long awaitMovedFrom(String former, Duration within) throws InterruptedException {
        return awaitEvent(within, "the VIP taken over from " + former, () -> {
            synchronized (this) {
                String owner = arpOwner;
                return !owner.equals(former) && Boolean.TRUE.equals(holding.get(owner))
                        ? Math.max(lastGained(owner), lastEvent(ARP_EVENT + owner)) : null;
            }
        });
    }

    /** Waits until {@code host} alone holds the address; returns when it gained it. */
    public long awaitHeldBy(String host, Duration within) throws InterruptedException {
        return awaitEvent(within, host + " holding the VIP alone",
                () -> holders().equals(List.of(host)) ? lastGained(host) : null);
    }

    /** Waits until this host's connect to the VIP's port succeeds; returns when it first did. */
    public long awaitEndpointAnswering(Duration within) throws InterruptedException {
        return awaitEvent(within, "the endpoint answering", () -> {
            synchronized (this) {
                return Boolean.TRUE.equals(endpointAnswers) ? lastEvent("endpoint answers") : null;
            }
        });
    }

    public synchronized List<Event> timeline() {
        return List.copyOf(events);
    }

    @Override
    public void close() {
        stopped = true;
        pollers.shutdownNow();
        try {
            pollers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface Check {
        Long when();
    }

    private long awaitEvent(Duration within, String what, Check check) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Long when = check.when();
            if (when != null) {
                return when;
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new AssertionError("no " + what + " within " + within.toMillis() + " ms; timeline:\n"
                + String.join("\n", timeline().stream().map(Event::toString).toList()));
    }

    private synchronized long lastGained(String host) {
        return lastEvent(host + " holds the VIP");
    }

    private synchronized long lastEvent(String what) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i).what().equals(what)) {
                return events.get(i).millis();
            }
        }
        throw new IllegalStateException("no event " + what);
    }

    private void pollHost(NspawnHost host) {
        while (!stopped) {
            boolean has;
            try {
                has = host.run(List.of("ip", "-4", "-o", "addr", "show", "dev", "host0"), Duration.ofSeconds(5))
                        .stdout().contains(" " + vip + "/");
            } catch (IOException | AssertionError e) {
                has = false;
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (holding.put(host.hostname(), has) != has) {
                    events.add(new Event(now(), host.hostname() + (has ? " holds the VIP" : " dropped the VIP")));
                }
            }
            if (!pause()) {
                return;
            }
        }
    }

    private void pollNeighbour() {
        while (!stopped) {
            String owner;
            try {
                String entry = ExternalCommand.run(List.of("ip", "neigh", "show", "to", vip), Duration.ofSeconds(5),
                        Map.of()).stdout();
                int lladdr = entry.indexOf("lladdr ");
                String mac = lladdr < 0 ? "" : entry.substring(lladdr + 7).split("\\s+")[0];
                owner = hostsByMac.getOrDefault(mac, mac.isEmpty() ? "nobody" : mac);
            } catch (IOException | AssertionError e) {
                owner = "unknown";
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (!owner.equals(arpOwner)) {
                    arpOwner = owner;
                    events.add(new Event(now(), ARP_EVENT + owner));
                }
            }
            if (!pause()) {
                return;
            }
        }
    }

    private void pollEndpoint(int port) {
        while (!stopped) {
            boolean answers;
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(vip, port), CONNECT_TIMEOUT_MILLIS);
                answers = true;
            } catch (IOException e) {
                answers = false;
            }
            synchronized (this) {
                if (endpointAnswers == null || endpointAnswers != answers) {
                    endpointAnswers = answers;
                    events.add(new Event(now(), answers ? "endpoint answers" : "endpoint silent"));
                }
            }
            if (!pause()) {
                return;
            }
        }
    }

    private boolean pause() {
        try {
            Thread.sleep(POLL_MILLIS);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private long now() {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
