package io.kubenode.controller.systemtest;

import io.kubenode.agent.kubeadm.simulator.SimulatorExecutables;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The Kubernetes stand-ins the five-host test's packages ship: {@code kubeadm} and {@code kubectl} are the kubeadm
 * simulator (agent test sources) and {@code kubelet} its node daemon under a kubelet.service unit shaped like the
 * real package's (Restart=always), all run by the container's own java with this test JVM's class path, which every
 * container gets bound in read-only under {@value #CLASS_PATH_DIR}. The simulator's shared cluster directory (standing in for
 * the cluster's API objects; etcd itself is real) is one directory of this host bound into every container. A
 * container shares this host's kernel, which has br_netfilter built in ({@code CONFIG_BRIDGE_NETFILTER=y}) but no
 * modules tree a container could read: {@link #writeKernelFacts} gives each container the modules.builtin a kernel
 * package would ship, from /proc/config.gz.
 */
final class SimulatorStandIns {
    static final String SETTINGS = "/etc/default/kubeadm-simulator";
    static final String CLUSTER_DIR = "/var/lib/kubeadm-simulator-cluster";
    static final String CLASS_PATH_DIR = "/opt/kubenode-test/class-path";
    private static final String M2_INSIDE = CLASS_PATH_DIR + "/m2";
    private static final String MAIN = "io.kubenode.agent.kubeadm.simulator.KubeSimulator";
    /** Built-in options the five-host kernel must have, with the module file modules.builtin names them by. */
    private static final List<String[]> BUILT_IN = List.of(
            new String[] {"CONFIG_BRIDGE_NETFILTER", "kernel/net/bridge/br_netfilter.ko"},
            new String[] {"CONFIG_OVERLAY_FS", "kernel/fs/overlayfs/overlay.ko"});

    private final List<String> classPath;
    private final Path clusterDir;

    private SimulatorStandIns(List<String> classPath, Path clusterDir) {
        this.classPath = classPath;
        this.clusterDir = clusterDir;
    }

    /** The stand-ins for this JVM's class path, with the shared cluster directory under {@code work}. */
    static SimulatorStandIns create(Path work) throws IOException {
        return new SimulatorStandIns(SimulatorExecutables.classPathEntries(),
                Files.createDirectories(work.resolve("simulator-cluster")));
    }

    /** The simulator's shared cluster directory, as this host sees it. */
    Path clusterDir() {
        return clusterDir;
    }

    /**
     * Writes kubelet, kubeadm, kubectl and kubelet.service into {@code dir} (for apt-repo.sh) and returns it. The
     * kubelet answers {@code --version} as the real one does ({@code Kubernetes vVERSION}; the agent's facts ask).
     */
    Path writePrograms(Path dir, String kubernetesVersion) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("kubeadm"), launcher("kubeadm", "-Xmx128m", "\"$@\""));
        write(dir.resolve("kubectl"), launcher("kubectl", "-Xmx96m", "\"$@\""));
        write(dir.resolve("kubelet"), launcher("daemon", "-Xmx48m -Xss512k -XX:CICompilerCount=1", "")
                .replace("set -a\n", "if [ \"$1\" = --version ]; then echo 'Kubernetes v" + kubernetesVersion
                        + "'; exit 0; fi\nset -a\n"));
        Files.writeString(dir.resolve("kubelet.service"), """
                [Unit]
                Description=kubelet (kubenode test stand-in: the kubeadm simulator's node daemon)
                Wants=network-online.target
                After=network-online.target

                [Service]
                ExecStart=/usr/bin/kubelet
                Restart=always
                RestartSec=10
                StartLimitIntervalSec=0

                [Install]
                WantedBy=multi-user.target
                """);
        return dir;
    }

    private static String launcher(String personality, String memory, String arguments) {
        return """
                #!/bin/sh
                # kubenode test stand-in: the kubeadm simulator (%1$s), on the class path the test binds in read-only
                set -a
                . %2$s
                set +a
                exec java %3$s -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$SIMULATOR_CLASSPATH" %4$s %1$s %5$s
                """.formatted(personality, SETTINGS, memory, MAIN, arguments);
    }

    /**
     * systemd-nspawn options: the class path read-only under {@value #CLASS_PATH_DIR} (the agent's unit hides /root
     * and /home from what it runs, kubeadm included, and a clone may live there) and the cluster directory
     * read-write.
     */
    List<String> nspawnOptions() {
        Set<String> binds = new LinkedHashSet<>();
        for (String entry : classPath) {
            String inside = inside(entry);
            binds.add("--bind-ro=" + (inside.startsWith(M2_INSIDE) ? repository() + ":" + M2_INSIDE
                    : entry + ":" + inside));
        }
        List<String> options = new ArrayList<>(binds);
        options.add("--bind=" + clusterDir + ":" + CLUSTER_DIR);
        return options;
    }

    /** Where a class path entry is inside the containers: the Maven repository as one tree, others one by one. */
    private String inside(String entry) {
        String repository = repository();
        if (entry.startsWith(repository + "/")) {
            return M2_INSIDE + entry.substring(repository.length());
        }
        return CLASS_PATH_DIR + "/" + classPath.indexOf(entry) + "/" + Path.of(entry).getFileName();
    }

    private static String repository() {
        return Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
    }

    /** The settings file every stand-in reads: class path, the shared directory, real etcd, systemd units. */
    String settings() {
        return "SIMULATOR_CLASSPATH=" + String.join(":", classPath.stream().map(this::inside).toList()) + "\n"
                + "KUBEADM_SIMULATOR_CLUSTER=" + CLUSTER_DIR + "\n"
                + "KUBEADM_SIMULATOR_ETCD=real\n"
                + "KUBEADM_SIMULATOR_SYSTEMD=true\n";
    }

    /**
     * Writes into {@code host} the settings file, and the modules.builtin of the running kernel listing what
     * /proc/config.gz says is built in (fails when a needed option is not: the container could not have it).
     */
    void writeKernelFacts(NspawnHost host, Path scratch) throws IOException, InterruptedException {
        Path settings = scratch.resolve(host.machine() + "-kubeadm-simulator");
        Files.writeString(settings, settings());
        host.copyIn(settings, SETTINGS);
        String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        Path builtin = scratch.resolve(host.machine() + "-modules.builtin");
        Files.writeString(builtin, modulesBuiltin());
        host.copyIn(builtin, "/lib/modules/" + release + "/modules.builtin");
    }

    private static String modulesBuiltin() throws IOException {
        Path config = Path.of("/proc/config.gz");
        if (!Files.isRegularFile(config)) {
            throw new AssertionError("/proc/config.gz is missing: cannot tell whether br_netfilter is built into this "
                    + "kernel, which the five-host containers need (they cannot load modules)");
        }
        String text;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(config))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        StringBuilder builtin = new StringBuilder();
        for (String[] option : BUILT_IN) {
            if (!text.contains("\n" + option[0] + "=y\n")) {
                throw new AssertionError(option[0] + " is not =y in this kernel's /proc/config.gz: the five-host "
                        + "containers cannot load " + option[1] + " themselves");
            }
            builtin.append(option[1]).append('\n');
        }
        return builtin.toString();
    }

    private static void write(Path file, String content) throws IOException {
        Files.writeString(file, content);
        if (!file.toFile().setExecutable(true, false)) {
            throw new IOException("cannot make " + file + " executable");
        }
    }
}
