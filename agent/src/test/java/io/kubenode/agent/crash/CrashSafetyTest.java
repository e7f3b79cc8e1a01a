package io.kubenode.agent.crash;

import io.kubenode.agent.engine.EngineHarness;
import io.kubenode.agent.engine.Report;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kill -9 of an agent process at random moments while it applies catalogs that rewrite every managed file: after
 * each kill every file holds its old or its new content, never a torn or empty one; afterwards an apply converges.
 */
class CrashSafetyTest {
    private static final int FILES = 5;
    private static final int SIZE = 256 * 1024;
    private static final int APPLIES = 200;

    @TempDir
    Path dir;

    @Test
    void killMinus9DuringTwoHundredAppliesNeverLeavesATornFile() throws Exception {
        Path root = dir.resolve("root");
        Path catalogA = Files.writeString(dir.resolve("a.json"), Documents.toJson(catalog('a')));
        Path catalogB = Files.writeString(dir.resolve("b.json"), Documents.toJson(catalog('b')));
        SplittableRandom random = new SplittableRandom(2026);
        AtomicInteger applies = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<String> failure = new java.util.concurrent.atomic.AtomicReference<>();
        int kills = 0;
        // a guard against a hang, not a speed target: every second process applies at least once before its kill
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(20);
        while (applies.get() < APPLIES) {
            assertThat(failure.get()).as("the agent process reported a failed pass").isNull();
            assertThat(System.nanoTime()).as("200 applies within 20 minutes").isLessThan(deadline);
            AtomicInteger appliedByThisProcess = new AtomicInteger();
            Process agent = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), ApplyLoopMain.class.getName(), root.toString(),
                    catalogA.toString(), catalogB.toString())
                    .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
            try {
                BufferedReader lines = new BufferedReader(new InputStreamReader(agent.getInputStream(),
                        StandardCharsets.UTF_8));
                Thread counter = new Thread(() -> lines.lines().forEach(line -> {
                    if (line.equals("applied")) {
                        applies.incrementAndGet();
                        appliedByThisProcess.incrementAndGet();
                    } else {
                        failure.compareAndSet(null, line);
                    }
                }));
                counter.start();
                // Half the kills land anywhere from the JVM's start on (the first pass included), the others
                // after the process's first pass: then the run progresses however loaded the machine is.
                if (random.nextBoolean()) {
                    Thread.sleep(400 + random.nextInt(900));
                } else {
                    long firstPassBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                    while (appliedByThisProcess.get() == 0 && agent.isAlive() && System.nanoTime() < firstPassBy) {
                        Thread.sleep(20);
                    }
                    Thread.sleep(random.nextInt(900));
                }
            } finally {
                agent.destroyForcibly();
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            kills++;
            assertEveryFileWhole(root);
        }
        assertThat(kills).isGreaterThan(1);

        Report report = new EngineHarness(OsFamily.RHEL).apply(catalog('a'), new LocalHost(root));
        assertThat(report.failed()).isFalse();
        Report again = new EngineHarness(OsFamily.RHEL).apply(catalog('a'), new LocalHost(root));
        assertThat(again.converged()).isTrue();
        assertEveryFileWhole(root);
    }

    private static void assertEveryFileWhole(Path root) throws Exception {
        for (int i = 0; i < FILES; i++) {
            Path file = root.resolve("etc/kubenode/kubeadm/crash/file" + i + ".conf");
            if (!Files.exists(file)) {
                continue;
            }
            String content = Files.readString(file);
            assertThat(content).as(file + " is old or new, never torn")
                    .isIn(content(i, 'a'), content(i, 'b'));
        }
        try (var leftovers = Files.list(root.resolve("etc/kubenode/kubeadm/crash"))) {
            // Temporary files of a killed write may remain; they never replace a target and are not targets.
            assertThat(leftovers.map(Path::getFileName).map(Path::toString)
                    .filter(name -> !name.endsWith(".conf") && !name.contains(".kubenode-tmp")).toList()).isEmpty();
        } catch (java.nio.file.NoSuchFileException notYet) {
            // the first process died before writing anything
        }
    }

    private static NodeCatalog catalog(char fill) {
        ResourceSpec[] specs = new ResourceSpec[FILES];
        for (int i = 0; i < FILES; i++) {
            specs[i] = FileSpec.rootOwned("/etc/kubenode/kubeadm/crash/file" + i + ".conf", content(i, fill), "0644");
        }
        return EngineHarness.catalogOf(specs);
    }

    private static String content(int file, char fill) {
        return "# file " + file + " version " + fill + "\n" + String.valueOf(fill).repeat(SIZE) + "\n";
    }

}
