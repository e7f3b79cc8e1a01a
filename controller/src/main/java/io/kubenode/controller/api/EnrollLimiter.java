package io.kubenode.controller.api;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Enrollment attempts per source: {@link #MAX_ATTEMPTS} (by default) a {@link #WINDOW} (a bucket refilling at that
 * rate), enough
 * for a rack of nodes behind one NAT, too few to guess a token secret (36^16 values). A source is an IPv4 address,
 * or the /64 of an IPv6 one (a single host usually holds a whole /64). At most {@link #MAX_SOURCES} sources are
 * remembered, least recently seen evicted first but only once its bucket is full again; while every remembered
 * source is still throttled, new sources share one overflow bucket, so many addresses buy no more attempts than one.
 * Every event loop calls it: one lock, O(1) per attempt.
 */
final class EnrollLimiter {
    static final int MAX_ATTEMPTS = 30;
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final int MAX_SOURCES = 10_000;
    static final String OVERFLOW = "overflow";

    private final Clock clock;
    private final int maxAttempts;
    private final int maxSources;
    private final Map<String, Bucket> buckets = new LinkedHashMap<>(16, 0.75f, true);
    private final Bucket overflow;

    EnrollLimiter(Clock clock) {
        this(clock, MAX_ATTEMPTS, MAX_SOURCES);
    }

    EnrollLimiter(Clock clock, int maxAttempts, int maxSources) {
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.maxSources = maxSources;
        overflow = new Bucket(clock.millis());
    }

    /** Attempts left of a source: a fractional count, refilled continuously up to {@code maxAttempts}. */
    private final class Bucket {
        private double attempts = maxAttempts;
        private long refilledAt;

        Bucket(long now) {
            refilledAt = now;
        }

        boolean full(long now) {
            refill(now);
            return attempts >= maxAttempts;
        }

        boolean take(long now) {
            refill(now);
            if (attempts < 1) {
                return false;
            }
            attempts -= 1;
            return true;
        }

        private void refill(long now) {
            attempts = Math.min(maxAttempts, attempts + Math.max(0, now - refilledAt) * (double) maxAttempts
                    / WINDOW.toMillis());
            refilledAt = now;
        }
    }

    /** Counts an attempt from {@code address}; false when its source is over the limit (the attempt is not served). */
    synchronized boolean allow(String address) {
        long now = clock.millis();
        String source = source(address);
        Bucket bucket = buckets.get(source);
        if (bucket == null) {
            bucket = admit(source, now);
        }
        return bucket.take(now);
    }

    /** Sources remembered now (for tests: the memory the limiter holds is bounded). */
    synchronized int sources() {
        return buckets.size();
    }

    private Bucket admit(String source, long now) {
        if (buckets.size() >= maxSources) {
            Map.Entry<String, Bucket> eldest = buckets.entrySet().iterator().next();
            if (!eldest.getValue().full(now)) {
                return overflow;
            }
            buckets.remove(eldest.getKey());
        }
        Bucket bucket = new Bucket(now);
        buckets.put(source, bucket);
        return bucket;
    }

    /** The address itself for IPv4 (and anything unparsable, as is); the /64 prefix for IPv6. */
    static String source(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return String.valueOf(address);
        }
        try {
            InetAddress parsed = InetAddress.getByName(address);
            if (parsed instanceof Inet6Address) {
                byte[] prefix = Arrays.copyOf(parsed.getAddress(), 8);
                return InetAddress.getByAddress(Arrays.copyOf(prefix, 16)).getHostAddress() + "/64";
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return address;
        }
    }
}
