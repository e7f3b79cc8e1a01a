package io.kubenode.controller.e2e;

import io.kubenode.agent.kubeadm.simulator.SimulatorExecutables;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real haproxy per sandbox control plane, for the rollout tests (test double for what systemd would do there). Two
 * personalities, each an executable the agent is given:
 * <ul>
 *   <li>{@code haproxy} ({@code --sandbox-simulator haproxy=}): the program as haproxy.cfg's {@code validate} runs it,
 *   {@code -c -f FILE}. The real {@code haproxy -c} judges the file, unless this machine's fault file
 *   ({@value #FAULTS}, one text per line) names a text the file contains: then it is rejected the way haproxy rejects
 *   a bad configuration (exit 1, an ALERT line).</li>
 *   <li>{@code unit} ({@code --sandbox-unit haproxy=}): {@code start|stop|restart haproxy.service}, what systemd does
 *   for the unit: the machine's {@code /etc/haproxy/haproxy.cfg} with the frontend bound to the machine's loopback
 *   address instead of every address (several machines share this one), its stats socket under the machine's
 *   root, without syslog, checked with
 *   {@code haproxy -c} (the unit's ExecStartPre), then a real {@code haproxy -D}; stop is SIGTERM and waiting for the
 *   process to exit.</li>
 * </ul>
 * Every step is appended to {@value #EVENTS}: {@code INSTANT ACTION PHASE [pid=N]}, phases begin, stopping, stopped,
 * starting, started, failed. A start points the servers named in {@value #UNREACHABLE} at a closed port (haproxy
 * runs, its health check of them fails). The machine is {@code KUBENODE_SANDBOX_ROOT}, its address {@code KUBENODE_SANDBOX_LOOPBACK}.
 */
public final class HaproxySimulator {
    static final String DIR = "var/lib/haproxy-simulator";
    static final String FAULTS = DIR + "/reject-configurations-containing";
    static final String EVENTS = DIR + "/events";
    /** Server names (one per line) the next start points at a closed port: haproxy runs but cannot reach them. */
    static final String UNREACHABLE = DIR + "/unreachable-servers";
    static final String PID_FILE = DIR + "/haproxy.pid";
    private static final String RUNNING_CFG = DIR + "/running.cfg";
    private static final String STATS_DIR = "var/lib/haproxy";

    private final Path root;
    private final String loopback;

    private HaproxySimulator(Path root, String loopback) {
        this.root = root;
        this.loopback = loopback;
    }

    /** The two executables, written into {@code directory}. */
    record Executables(Path program, Path unit) {
        static Executables writeTo(Path directory) throws IOException {
            return new Executables(
                    SimulatorExecutables.writeLauncher(directory.resolve("haproxy"), HaproxySimulator.class.getName(),
                            "haproxy"),
                    SimulatorExecutables.writeLauncher(directory.resolve("haproxy-unit"),
                            HaproxySimulator.class.getName(), "unit"));
        }
    }

    public static void main(String[] args) throws Exception {
        String rootVariable = System.getenv("KUBENODE_SANDBOX_ROOT");
        String loopback = System.getenv("KUBENODE_SANDBOX_LOOPBACK");
        if (args.length < 1 || rootVariable == null || loopback == null) {
            System.err.println("usage: HaproxySimulator haproxy|unit ARGS... (with KUBENODE_SANDBOX_ROOT and "
                    + "KUBENODE_SANDBOX_LOOPBACK set)");
            System.exit(2);
        }
        HaproxySimulator simulator = new HaproxySimulator(Path.of(rootVariable), loopback);
        List<String> rest = List.of(args).subList(1, args.length);
        System.exit(args[0].equals("unit") ? simulator.unit(rest) : simulator.program(rest));
    }

    /** {@code haproxy -c -f FILE} only: a sandbox never runs haproxy as a catalog names it otherwise. */
    private int program(List<String> args) throws IOException, InterruptedException {
        if (args.size() != 3 || !args.get(0).equals("-c") || !args.get(1).equals("-f")) {
            System.err.println("haproxy simulator: only the configuration check (-c -f FILE) runs, got " + args);
            return 2;
        }
        String content = Files.readString(Path.of(args.get(2)));
        for (String rejected : faults()) {
            if (content.contains(rejected)) {
                System.err.println("[ALERT]    (simulated) config : rejected by this machine's fault file: the "
                        + "configuration contains '" + rejected + "'");
                System.err.println("[ALERT]    (simulated) config : Fatal errors found in configuration.");
                return 1;
            }
        }
        return run(List.of("haproxy", "-c", "-q", "-f", args.get(2)));
    }

    /** A {@code server NAME ADDRESS ...} line named in {@value #UNREACHABLE}, pointed at port 1 (refused). */
    private String unreachableIfListed(String line) {
        String[] words = line.strip().split("\\s+");
        try {
            Path file = root.resolve(UNREACHABLE);
            if (words.length < 3 || !words[0].equals("server") || !Files.exists(file)
                    || Files.readAllLines(file).stream().map(String::strip).noneMatch(words[1]::equals)) {
                return line;
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return line.replace(" " + words[2] + " ", " 127.0.0.1:1 ");
    }

    private List<String> faults() throws IOException {
        Path file = root.resolve(FAULTS);
        return Files.exists(file) ? Files.readAllLines(file).stream().map(String::strip)
                .filter(line -> !line.isEmpty()).toList() : List.of();
    }

    private int unit(List<String> args) throws IOException, InterruptedException {
        if (args.size() != 2 || !args.get(1).equals("haproxy.service")) {
            System.err.println("haproxy unit simulator: expected start|stop|restart haproxy.service, got " + args);
            return 2;
        }
        String action = args.get(0);
        event(action, "begin", "");
        switch (action) {
            case "start":
                return start(action);
            case "stop":
                stop(action);
                return 0;
            case "restart":
                // As systemd: the configuration check is the new process's ExecStartPre, after the old one stopped.
                stop(action);
                return start(action);
            default:
                System.err.println("haproxy unit simulator: unknown action " + action);
                return 2;
        }
    }

    private int start(String action) throws IOException, InterruptedException {
        event(action, "starting", "");
        // The package owns the stats socket's directory; the socket lives under the machine's root, where the
        // agent's probe looks for it.
        Files.createDirectories(root.resolve(STATS_DIR));
        String config = Files.readString(root.resolve("etc/haproxy/haproxy.cfg")).lines()
                .filter(line -> !line.strip().startsWith("log /dev/log"))
                .map(line -> line.replaceFirst("^(\\s*bind )\\*:", "$1" + loopback + ":"))
                .map(line -> line.replaceFirst("^(\\s*stats socket )/", "$1" + root + "/"))
                .map(this::unreachableIfListed)
                .collect(Collectors.joining("\n", "", "\n"));
        Path running = root.resolve(RUNNING_CFG);
        Files.writeString(running, config);
        int check = run(List.of("haproxy", "-c", "-q", "-f", running.toString()));
        int exit = check != 0 ? check : run(List.of("haproxy", "-D", "-p", root.resolve(PID_FILE).toString(), "-f",
                running.toString()));
        Optional<Long> pid = pid();
        if (exit != 0 || pid.isEmpty()) {
            event(action, "failed", "exit=" + exit);
            System.err.println("haproxy did not start (exit " + exit + "); see " + root.resolve(DIR + "/haproxy.log"));
            return exit == 0 ? 1 : exit;
        }
        event(action, "started", "pid=" + pid.get());
        return 0;
    }

    private void stop(String action) throws IOException, InterruptedException {
        Optional<ProcessHandle> process = pid().flatMap(ProcessHandle::of);
        event(action, "stopping", process.map(handle -> "pid=" + handle.pid()).orElse("not-running"));
        if (process.isPresent()) {
            process.get().destroy();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (running(process.get()) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            if (running(process.get())) {
                process.get().destroyForcibly();
            }
        }
        Files.deleteIfExists(root.resolve(PID_FILE));
        event(action, "stopped", "");
    }

    /**
     * Alive and not a zombie: haproxy -D's parent has exited, so the exited daemon waits for PID 1 to reap it (up to a
     * second here), yet it stopped serving when it exited.
     */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException gone) {
            return false;
        }
    }

    private Optional<Long> pid() throws IOException {
        Path file = root.resolve(PID_FILE);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text = Files.readString(file).strip();
        return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text.lines().findFirst().orElseThrow()));
    }

    /** A real process, its output appended to the simulator's log (never to the agent's pipes: haproxy -D forks). */
    private int run(List<String> argv) throws IOException, InterruptedException {
        Path log = root.resolve(DIR + "/haproxy.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(argv).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return 124;
        }
        if (process.exitValue() != 0) {
            System.err.println(String.join(" ", argv) + " exited " + process.exitValue() + ": "
                    + tail(log));
        }
        return process.exitValue();
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }

    private void event(String action, String phase, String detail) throws IOException {
        Path file = root.resolve(EVENTS);
        Files.createDirectories(file.getParent());
        Files.writeString(file, Instant.now() + " " + action + " " + phase + (detail.isEmpty() ? "" : " " + detail)
                + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** One line of a machine's event log. */
    record Event(Instant at, String action, String phase, String detail) {
        static List<Event> of(Path root) throws IOException {
            Path file = root.resolve(EVENTS);
            if (!Files.exists(file)) {
                return List.of();
            }
            List<Event> events = new ArrayList<>();
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.split(" ", 4);
                events.add(new Event(Instant.parse(fields[0]), fields[1], fields[2], fields.length > 3 ? fields[3]
                        : ""));
            }
            return events;
        }
    }

    /** Stops a machine's haproxy, if one runs (test teardown). */
    static void stopOn(Path root) {
        try {
            new HaproxySimulator(root, "127.0.0.1").pid().flatMap(ProcessHandle::of)
                    .ifPresent(ProcessHandle::destroyForcibly);
        } catch (IOException | NumberFormatException e) {
            throw new AssertionError("cannot stop the haproxy of " + root + ": " + e, e);
        }
    }
}
