package io.kubenode.controller.bench;

import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.init.InitLayout;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Propagation benchmark (issue 5): a real `kubenode-controller serve` process, N simulated agents in this JVM
 * (each with its own certificate and connection) holding catalog watches, and the time from sending
 * PUT /api/v1/cluster to each agent holding the new catalog, for documents that change every node's catalog.
 * Also the controller's RSS and CPU with N idle watches. Usage: PropagationBenchmark AGENTS ROUNDS IDLE_SECONDS.
 */
public final class PropagationBenchmark {
    private static final int JOIN_BATCH = 50;
    /**
     * Rounds before the measured ones, for at least this long and at least {@link #WARMUP_MIN_ROUNDS}: a fresh
     * controller's JIT spends about one core for tens of seconds compiling the TLS, HTTP, YAML and compiler paths
     * the rounds use (measured with the JIT CPU figure printed below), as JMH's warm-up iterations allow for.
     */
    private static final Duration WARMUP = Duration.ofSeconds(30);
    private static final int WARMUP_MIN_ROUNDS = 5;
    private static final Pattern LISTENING = Pattern.compile("API on [^:]+:(\\d+)");
    private static final Pattern METRICS = Pattern.compile("metrics on (http://\\S+)");

    public static void main(String[] args) throws Exception {
        int agents = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int idleSeconds = Integer.parseInt(args[2]);
        Path dir = Files.createTempDirectory("kubenode-propagation");
        Path controller = SeedCluster.repositoryRoot().resolve("deploy/bin/kubenode-controller");
        InitLayout layout = new InitLayout(dir.resolve("data"));
        run(List.of(controller.toString(), "init", "--data-dir", layout.dataDir().toString(), "--san", "127.0.0.1"));
        Process serve = new ProcessBuilder(controller.toString(), "serve", "--data-dir", layout.dataDir().toString(),
                "--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        List<SimulatedAgent> fleet = new ArrayList<>();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(),
                    StandardCharsets.UTF_8));
            int port = Integer.parseInt(match(LISTENING, out.readLine()));
            String metricsUrl = match(METRICS, out.readLine());
            long pid = descendantJavaPid(serve);
            HttpClient admin = vertx.createHttpClient(new HttpClientOptions().setSsl(true)
                    .setTrustOptions(new PemTrustOptions().addCertPath(layout.caCertificate().toString()))
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(layout.adminCertificate().toString())
                            .setKeyPath(layout.adminKey().toString())));
            long version = put(admin, port, FleetDocument.of(agents, 0), 0);
            CertificateAuthority ca = CertificateAuthority.load(Files.readString(layout.caCertificate()),
                    Files.readString(layout.caKey()));
            for (int i = 1; i <= agents; i++) {
                String node = "node" + i + ".internal";
                KeyPair key = KeyPairs.ecP256();
                String certificate = Pem.write(ca.issueClient(key.getPublic(), new SubjectName(node,
                        SubjectName.NODES), Duration.ofDays(1)));
                fleet.add(new SimulatedAgent(vertx, node, certificate, Pem.write(key.getPrivate()),
                        layout.caCertificate().toString(), port));
            }
            long connecting = System.nanoTime();
            // Agents join in batches, as a fleet does: each client builds its own TLS context, which is the
            // benchmark JVM's cost, not the controller's.
            for (int from = 0; from < agents; from += JOIN_BATCH) {
                List<SimulatedAgent> batch = fleet.subList(from, Math.min(agents, from + JOIN_BATCH));
                batch.forEach(SimulatedAgent::start);
                awaitAll(batch, 1, Duration.ofMinutes(2));
            }
            System.out.printf("%d agents connected and hold generation 1 after %d ms%n", agents,
                    (System.nanoTime() - connecting) / 1_000_000);
            awaitWatches(metricsUrl, agents);
            System.out.printf("controller with %d idle watches: %s%n", agents, idle(pid, idleSeconds));
            long warmUpEnds = System.nanoTime() + WARMUP.toNanos();
            int warmUps = 0;
            List<Long> first = new ArrayList<>();
            while (warmUps < WARMUP_MIN_ROUNDS || System.nanoTime() < warmUpEnds) {
                warmUps++;
                long sent = System.nanoTime();
                version = put(admin, port, FleetDocument.of(agents, warmUps), version);
                awaitAll(fleet, warmUps + 1, Duration.ofMinutes(2));
                if (warmUps == 1) {
                    first = latencies(fleet, warmUps + 1, sent);
                }
            }
            System.out.printf("%d warm-up rounds over %d s; the first, on a cold JIT: %s%n", warmUps,
                    WARMUP.toSeconds(), percentiles(first));
            List<Long> all = new ArrayList<>();
            long jitBefore = jitCpuMillis(pid);
            for (int round = warmUps + 1; round <= warmUps + rounds; round++) {
                long sent = System.nanoTime();
                version = put(admin, port, FleetDocument.of(agents, round), version);
                long answered = System.nanoTime();
                awaitAll(fleet, round + 1, Duration.ofMinutes(2));
                List<Long> latencies = latencies(fleet, round + 1, sent);
                all.addAll(latencies);
                System.out.printf("round %d: PUT answered after %d ms; agents holding the new catalog: %s%n", round,
                        (answered - sent) / 1_000_000, percentiles(latencies));
            }
            System.out.printf("all %d measured rounds (%d deliveries): %s; controller JIT CPU meanwhile: %d ms%n",
                    rounds, all.size(), percentiles(all), jitCpuMillis(pid) - jitBefore);
            System.out.printf("controller RSS after the rounds: %.1f MB%n", rssKb(pid) / 1024.0);
        } finally {
            fleet.forEach(SimulatedAgent::stop);
            serve.destroy();
            serve.waitFor(30, TimeUnit.SECONDS);
            serve.destroyForcibly();
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            run(List.of("rm", "-rf", dir.toString()));
        }
    }

    /** Each agent's time (ms) from {@code sent} (System.nanoTime) to holding generation {@code generation}. */
    private static List<Long> latencies(List<SimulatedAgent> fleet, long generation, long sent) {
        return fleet.stream().map(agent -> (agent.arrival(generation) - sent) / 1_000_000).toList();
    }

    private static long put(HttpClient admin, int port, String document, long version) throws Exception {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.PUT).setHost("127.0.0.1").setPort(port)
                .setURI("/api/v1/cluster?resourceVersion=" + version).putHeader("Content-Type", "application/yaml");
        String body = admin.request(request).compose(sent -> sent.send(Buffer.buffer(document))
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("PUT: HTTP " + response.statusCode() + " " + answer);
                    }
                    return answer.toString();
                }))).toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
        return Long.parseLong(body.replaceAll(".*\"resourceVersion\":(\\d+).*", "$1"));
    }

    private static void awaitAll(List<SimulatedAgent> fleet, long generation, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (fleet.stream().anyMatch(agent -> agent.generation() < generation)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(fleet.stream().filter(agent -> agent.generation() < generation)
                        .count() + " agents did not get generation " + generation + " within " + timeout);
            }
            Thread.sleep(5);
        }
    }

    /** Waits until the controller reports every agent's long-poll parked (its own gauge, scraped). */
    private static void awaitWatches(String metricsUrl, int agents) throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int attempt = 0; attempt < 600; attempt++) {
            String text = http.send(java.net.http.HttpRequest.newBuilder(URI.create(metricsUrl)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            Matcher watches = Pattern.compile("(?m)^kubenode_controller_catalog_watches (\\S+)").matcher(text);
            if (watches.find() && Double.parseDouble(watches.group(1)) >= agents) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the controller never reported " + agents + " waiting watches");
    }

    private static String idle(long pid, int seconds) throws Exception {
        long ticksBefore = cpuTicks(pid);
        Thread.sleep(seconds * 1000L);
        long ticks = cpuTicks(pid) - ticksBefore;
        // USER_HZ is 100 on Linux
        return String.format("RSS %.1f MB, CPU %.2f%% of one core over %d s", rssKb(pid) / 1024.0,
                ticks * 100.0 / (seconds * 100.0), seconds);
    }

    private static long cpuTicks(long pid) throws IOException {
        return cpuTicks(Path.of("/proc/" + pid + "/stat"));
    }

    /** utime + stime of a process or thread, in clock ticks. */
    private static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** CPU time of the controller's JIT compiler threads ("C1/C2 CompilerThreadN"), from /proc. */
    private static long jitCpuMillis(long pid) throws IOException {
        long ticks = 0;
        try (Stream<Path> threads = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path thread : threads.toList()) {
                try {
                    if (Files.readString(thread.resolve("comm")).matches("C[12] CompilerThre.*\\s*")) {
                        ticks += cpuTicks(thread.resolve("stat"));
                    }
                } catch (NoSuchFileException gone) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        }
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no VmRSS for " + pid);
    }

    /** The launcher is a shell script that execs java; the JVM is the process itself or its child. */
    private static long descendantJavaPid(Process serve) {
        return serve.toHandle().descendants().filter(handle -> handle.info().command().orElse("").endsWith("java"))
                .map(ProcessHandle::pid).findFirst().orElse(serve.pid());
    }

    private static String percentiles(List<Long> millis) {
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        return String.format("p50 %d ms, p90 %d ms, p99 %d ms, max %d ms", at(sorted, 0.50), at(sorted, 0.90),
                at(sorted, 0.99), sorted.get(sorted.size() - 1));
    }

    private static long at(List<Long> sorted, double quantile) {
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1));
    }

    private static String match(Pattern pattern, String line) {
        Matcher matcher = pattern.matcher(line == null ? "" : line);
        if (!matcher.find()) {
            throw new IllegalStateException("unexpected controller output: " + line);
        }
        return matcher.group(1);
    }

    private static void run(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(argv + " failed");
        }
    }
}
