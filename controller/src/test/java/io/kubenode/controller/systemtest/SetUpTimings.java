package io.kubenode.controller.systemtest;

import java.util.LinkedHashMap;
import java.util.Map;

/** How long each phase of a test's set-up took, printed as it goes and again as a table: the figures to report. */
public final class SetUpTimings {
    private final long start = System.nanoTime();
    private final Map<String, Double> phases = new LinkedHashMap<>();
    private long lastLap = start;

    /** Ends the phase running since the previous lap (or the start) as {@code phase}. */
    public synchronized void lap(String phase) {
        long now = System.nanoTime();
        phases.put(phase, (now - lastLap) / 1e9);
        lastLap = now;
        System.out.printf("timing: %-62s %6.1f s (%.1f s in all)%n", phase, phases.get(phase), (now - start) / 1e9);
    }

    public synchronized void print() {
        phases.forEach((phase, seconds) -> System.out.printf("timing: %-62s %6.1f s%n", phase, seconds));
        System.out.printf("timing: %-62s %6.1f s%n", "total", (System.nanoTime() - start) / 1e9);
    }
}
