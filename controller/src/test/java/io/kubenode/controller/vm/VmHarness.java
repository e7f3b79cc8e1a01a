package io.kubenode.controller.vm;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The deploy/vm scripts driven from a test: the cached Debian image, the signed apt repository, the io disk's
 * input tree and one VM run. Every step prints what its script said, so the test log shows the whole run.
 */
final class VmHarness {
    /** Where the guest reaches the host's test HTTPS server (a QEMU guestfwd, the only way out of the VM). */
    static final String SERVER_ADDRESS = "10.0.2.100";

    private final Path repository = SeedCluster.repositoryRoot();

    /** Builds the image, or links the cached one (its artifacts/ holds the packed archives and their sums). */
    void buildImage(Path imageDir) throws IOException, InterruptedException {
        for (String program : List.of("qemu-system-x86_64", "qemu-img", "debootstrap", "mkfs.ext4", "debugfs")) {
            ExternalCommand.require(program);
        }
        run(List.of(script("build-image.sh"), imageDir.toString()), Duration.ofMinutes(20));
    }

    /**
     * Copies what an installed agent consists of into {@code dir} in the source tree's layout, so the launcher works
     * unchanged: deploy/bin/kubenode-agent, deploy/lib/launcher.sh and java-opts.sh, the jar and its libraries, and the golden catalog
     * the launcher's first start uses to build the AppCDS archive for the guest's JVM.
     */
    void copyAgentInstallation(Path dir) throws IOException {
        Path jar = repository.resolve("agent/target/kubenode-agent.jar");
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError(jar + " is missing: the reactor builds the agent before the controller's tests");
        }
        copy(repository.resolve("deploy/bin/kubenode-agent"), dir.resolve("deploy/bin/kubenode-agent"));
        copy(repository.resolve("deploy/lib/launcher.sh"), dir.resolve("deploy/lib/launcher.sh"));
        copy(repository.resolve("deploy/lib/java-opts.sh"), dir.resolve("deploy/lib/java-opts.sh"));
        copy(jar, dir.resolve("agent/target/kubenode-agent.jar"));
        try (Stream<Path> libraries = Files.list(repository.resolve("agent/target/lib"))) {
            for (Path library : libraries.toList()) {
                copy(library, dir.resolve("agent/target/lib").resolve(library.getFileName()));
            }
        }
        String golden = "controller/src/test/resources/golden/node1.internal.yaml";
        copy(repository.resolve(golden), dir.resolve(golden));
    }

    /**
     * Boots the VM on a throw-away overlay of the image with {@code inDir} as /io/in and connections to
     * {@link #SERVER_ADDRESS}:443 forwarded to {@code httpsPort} on the host's loopback; returns the run's result (its exit code is the script's).
     */
    ExternalCommand.Result boot(Path imageDir, Path inDir, Path outDir, int httpsPort, Duration timeout)
            throws IOException, InterruptedException {
        // cmd: QEMU starts the command for each guest connection (a tcp: chardev would carry only one, ever).
        String forward = "guestfwd=tcp:" + SERVER_ADDRESS + ":443-cmd:" + ExternalCommand.require("socat")
                + " STDIO TCP:127.0.0.1:" + httpsPort;
        return ExternalCommand.run(List.of(script("run-vm.sh"), imageDir.toString(), inDir.toString(),
                        outDir.toString(), Long.toString(timeout.toSeconds())),
                timeout.plusMinutes(2), Map.of("KUBENODE_VM_NIC_OPTS", forward));
    }

    private String script(String name) {
        return repository.resolve("deploy/vm").resolve(name).toString();
    }

    private static void run(List<String> argv, Duration timeout) throws IOException, InterruptedException {
        ExternalCommand.Result result = ExternalCommand.run(argv, timeout, Map.of());
        System.out.print(result.stdout());
        System.out.print(result.stderr());
        if (result.exitCode() != 0) {
            throw new AssertionError(result.describe());
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
