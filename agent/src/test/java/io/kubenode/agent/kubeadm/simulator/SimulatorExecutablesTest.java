package io.kubenode.agent.kubeadm.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The scripts run the simulator from any directory, with a class path that outlives the test JVM. */
class SimulatorExecutablesTest {
    @TempDir
    Path directory;

    @Test
    void theKubeadmScriptRunsTheSimulatorWithAbsoluteDurableClassPathEntries() throws Exception {
        SimulatorExecutables.Paths paths = SimulatorExecutables.writeTo(directory.resolve("bin"));

        String script = Files.readString(paths.kubeadm());
        String classPath = script.lines().filter(line -> line.startsWith("CP=")).findFirst().orElseThrow();
        assertThat(classPath).doesNotContain("surefirebooter");
        for (String entry : classPath.substring(4, classPath.length() - 1).split(":")) {
            assertThat(Path.of(entry)).as(entry).isAbsolute().exists();
        }
        ProcessBuilder builder = new ProcessBuilder(paths.kubeadm().toString(), "version")
                .directory(directory.toFile()).redirectErrorStream(true);
        builder.environment().put(SimulatorEnv.CLUSTER, directory.resolve("cluster").toString());
        Process kubeadm = builder.start();
        String output = new String(kubeadm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubeadm.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubeadm.exitValue()).as(output).isZero();
        assertThat(output).isEqualTo(KubeSimulator.VERSION + "\n");
        assertThat(Files.readString(paths.kubectl())).contains("KubeSimulator kubectl \"$@\"");
    }
}
