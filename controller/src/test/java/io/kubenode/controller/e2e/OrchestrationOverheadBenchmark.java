package io.kubenode.controller.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code deploy/bench.sh orchestration-overhead}: ROUNDS bring-ups of the seed's cluster as {@link OrchestrationIT}
 * runs it (real controller, five sandbox agents with the kubeadm simulator, real haproxy), and the orchestration's
 * own overhead per released step: from the node status that made the step releasable (the first status the
 * decision had not seen) to the step's catalog published to the node's watch, as the controller logs it. Prints
 * every sample's median, p90, p99 and maximum, and each round's wall time from apply to Ready.
 */
public final class OrchestrationOverheadBenchmark {
    private static final Pattern RELEASED = Pattern.compile(
            "orchestration: released (.*) ([0-9.]+) ms after the status that allowed it");

    private OrchestrationOverheadBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        List<Double> samples = new ArrayList<>();
        List<String> slowest = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            Path work = Files.createTempDirectory("kubenode-bench-orchestration");
            try (OrchestratedCluster cluster = OrchestratedCluster.seed(work)) {
                long start = System.nanoTime();
                cluster.applyAndStartHaproxy();
                cluster.awaitReady("round " + round, Duration.ofMinutes(10));
                long bringUp = (System.nanoTime() - start) / 1_000_000;
                List<Double> measured = released(work.resolve("controller"), slowest);
                samples.addAll(measured);
                System.out.printf("round %d: apply -> Ready %.1f s, %d releases measured%n", round, bringUp / 1000.0,
                        measured.size());
            } finally {
                delete(work);
            }
        }
        samples.sort(Comparator.naturalOrder());
        System.out.printf("orchestration overhead per released step (status that allowed it -> catalog published), "
                        + "%d samples over %d bring-ups: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                samples.size(), rounds, percentile(samples, 50), percentile(samples, 90), percentile(samples, 99),
                samples.get(samples.size() - 1));
        slowest.sort(Comparator.comparingDouble(line -> -Double.parseDouble(line.substring(0, line.indexOf(' ')))));
        System.out.println("slowest: " + String.join("; ", slowest.subList(0, Math.min(5, slowest.size()))));
    }

    private static List<Double> released(Path controllerDir, List<String> described) throws IOException {
        List<Double> millis = new ArrayList<>();
        try (Stream<Path> logs = Files.list(controllerDir)) {
            for (Path log : logs.filter(file -> file.getFileName().toString().startsWith("serve-")).toList()) {
                Matcher matcher = RELEASED.matcher(Files.readString(log));
                while (matcher.find()) {
                    millis.add(Double.parseDouble(matcher.group(2)));
                    described.add(matcher.group(2) + " ms: " + matcher.group(1));
                }
            }
        }
        return millis;
    }

    /** Nearest-rank percentile of sorted samples. */
    private static double percentile(List<Double> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
