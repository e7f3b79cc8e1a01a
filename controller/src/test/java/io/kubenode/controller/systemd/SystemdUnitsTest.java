package io.kubenode.controller.systemd;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import io.kubenode.controller.serve.ReadyCommand;
import io.kubenode.controller.serve.ServeCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The units, sysusers.d and tmpfiles.d files of systemd/, installed into a scratch root tree the way the packages lay
 * them out, checked by the real systemd tools with {@code --root}: this host's PID 1 is not systemd, and none of
 * these need it. {@code systemd-analyze verify} resolves the units' dependencies in the tree (the targets are
 * systemd's own, copied from its installation) and checks that ExecStart= names an executable there: the launchers
 * belong to the packages, so the tree has stand-in executables at their paths (the packages' install test runs the
 * real ones under a booted systemd).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SystemdUnitsTest {
    /** The target for the controller. */
    static final double CONTROLLER_MAX_EXPOSURE = 3.0;
    /**
     * The agent measured 5.2 with systemd 252 (every relaxed setting commented in its unit); 0.2 of margin for a
     * systemd that weighs settings slightly differently. A unit that loses a protection worth more goes past it.
     */
    static final double AGENT_MAX_EXPOSURE = 5.4;
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for \\S+: (\\d+\\.\\d+)");
    private static final List<String> UNITS = List.of("kubenode-agent.service", "kubenode-controller.service");

    private final Path sources = SeedCluster.repositoryRoot().resolve("systemd");
    private Path root;
    private String analyze;

    @BeforeAll
    void install(@TempDir Path dir) throws Exception {
        analyze = ExternalCommand.require("systemd-analyze");
        root = dir.resolve("root");
        Path units = Files.createDirectories(root.resolve("usr/lib/systemd/system"));
        for (String unit : UNITS) {
            Files.copy(sources.resolve(unit), units.resolve(unit));
        }
        try (Stream<Path> targets = Files.list(systemdUnitDir())) {
            for (Path target : targets.filter(path -> path.toString().endsWith(".target")).toList()) {
                Files.copy(target, units.resolve(target.getFileName()));
            }
        }
        copy("sysusers.d/kubenode-controller.conf", "usr/lib/sysusers.d/kubenode-controller.conf");
        copy("tmpfiles.d/kubenode-agent.conf", "usr/lib/tmpfiles.d/kubenode-agent.conf");
        copy("tmpfiles.d/kubenode-controller.conf", "usr/lib/tmpfiles.d/kubenode-controller.conf");
        copy("config/agent.yaml", "etc/kubenode/agent.yaml");
        copy("config/controller.env", "etc/kubenode/controller.env");
        for (String launcher : List.of("kubenode-agent", "kubenode-controller")) {
            Path stub = Files.createDirectories(root.resolve("usr/bin")).resolve(launcher);
            Files.writeString(stub, "#!/bin/sh\n# stand-in for the package's launcher\nexit 0\n");
            Files.setPosixFilePermissions(stub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void bothUnitsVerifyCleanInTheInstalledTree() throws Exception {
        ExternalCommand.Result verify = ExternalCommand.run(argv("verify", "--root=" + root, UNITS.get(0),
                UNITS.get(1)));

        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        assertThat(verify.stderr()).as("no warning either: %s", verify.describe()).isEmpty();
    }

    @Test
    void verifyReallyReadsTheTree() throws Exception {
        Path broken = root.resolve("usr/lib/systemd/system/kubenode-broken.service");
        Files.writeString(broken, Files.readString(sources.resolve("kubenode-agent.service"))
                .replace("KillMode=mixed", "KillMode=mixd"));
        try {
            ExternalCommand.Result verify = ExternalCommand.run(argv("verify", "--root=" + root,
                    "kubenode-broken.service"));

            assertThat(verify.stderr()).contains("kill mode", "mixd");
        } finally {
            Files.delete(broken);
        }
    }

    @Test
    void theControllerExposureIsAtMostThree() throws Exception {
        double exposure = exposure("kubenode-controller.service");

        assertThat(exposure).isLessThanOrEqualTo(CONTROLLER_MAX_EXPOSURE);
    }

    @Test
    void theAgentExposureStaysAtItsMeasuredLevel() throws Exception {
        double exposure = exposure("kubenode-agent.service");

        assertThat(exposure).isLessThanOrEqualTo(AGENT_MAX_EXPOSURE);
    }

    @Test
    void sysusersAndTmpfilesMakeTheControllersUserAndBothPrivateDirectories() throws Exception {
        ExternalCommand.Result users = ExternalCommand.run(List.of(ExternalCommand.require("systemd-sysusers"),
                "--root=" + root));
        ExternalCommand.Result dirs = ExternalCommand.run(List.of(ExternalCommand.require("systemd-tmpfiles"),
                "--root=" + root, "--create"));
        assertThat(users.exitCode()).as(users.describe()).isZero();
        assertThat(dirs.exitCode()).as(dirs.describe()).isZero();

        String[] kubenode = Files.readAllLines(root.resolve("etc/passwd")).stream()
                .filter(line -> line.startsWith("kubenode:")).findFirst().orElseThrow().split(":");
        assertThat(Integer.parseInt(kubenode[2])).as("a system user").isBetween(1, 999);
        assertThat(kubenode[5]).isEqualTo("/var/lib/kubenode-controller");
        assertThat(kubenode[6]).isEqualTo("/usr/sbin/nologin");
        Path data = root.resolve("var/lib/kubenode-controller");
        Path state = root.resolve("var/lib/kubenode-agent");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
        assertThat(Files.getAttribute(data, "unix:uid")).isEqualTo(Integer.parseInt(kubenode[2]));
        assertThat(Files.getAttribute(data, "unix:gid")).isEqualTo(Integer.parseInt(kubenode[3]));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
        assertThat(Files.getAttribute(state, "unix:uid")).isEqualTo(0);
    }

    @Test
    void theControllerEnvOptionsAreOnesServeAndTheReadinessWaitAccept() throws Exception {
        Matcher opts = Pattern.compile("(?m)^KUBENODE_CONTROLLER_OPTS=\"([^\"]*)\"$")
                .matcher(Files.readString(sources.resolve("config/controller.env")));
        assertThat(opts.find()).isTrue();
        List<String> options = List.of(opts.group(1).split("\\s+"));
        assertThat(options).containsSubsequence("--listen", "0.0.0.0:9443").containsSubsequence("--metrics-listen",
                "0.0.0.0:9106");
        List<String> serve = new ArrayList<>(List.of("--data-dir", "/var/lib/kubenode-controller"));
        serve.addAll(options);
        List<String> ready = new ArrayList<>(serve);
        ready.addAll(List.of("--timeout", "100"));

        new CommandLine(new ServeCommand()).parseArgs(serve.toArray(String[]::new));
        new CommandLine(new ReadyCommand()).parseArgs(ready.toArray(String[]::new));
        String unit = Files.readString(sources.resolve("kubenode-controller.service"));
        assertThat(unit).as("the unit passes exactly these").contains(
                "ExecStart=/usr/bin/kubenode-controller serve --data-dir /var/lib/kubenode-controller "
                        + "$KUBENODE_CONTROLLER_OPTS\n",
                "ExecStartPost=/usr/bin/kubenode-controller ready --data-dir /var/lib/kubenode-controller "
                        + "--timeout 100 $KUBENODE_CONTROLLER_OPTS\n");
    }

    private double exposure(String unit) throws Exception {
        ExternalCommand.Result security = ExternalCommand.run(argv("security", "--offline=true", "--root=" + root,
                unit));
        assertThat(security.exitCode()).as(security.describe()).isZero();
        Matcher level = EXPOSURE.matcher(security.stdout());
        assertThat(level.find()).as(security.describe()).isTrue();
        System.out.println(unit + ": exposure " + level.group(1));
        return Double.parseDouble(level.group(1));
    }

    private List<String> argv(String... arguments) {
        List<String> argv = new ArrayList<>(List.of(analyze, "--no-pager"));
        argv.addAll(List.of(arguments));
        return argv;
    }

    private void copy(String source, String installed) throws IOException {
        Path target = root.resolve(installed);
        Files.createDirectories(target.getParent());
        Files.copy(sources.resolve(source), target);
    }

    /** Where this systemd keeps its own units (merged /usr or not). */
    private static Path systemdUnitDir() {
        for (String dir : List.of("/usr/lib/systemd/system", "/lib/systemd/system")) {
            if (Files.isRegularFile(Path.of(dir, "sysinit.target"))) {
                return Path.of(dir);
            }
        }
        throw new AssertionError("no systemd unit directory with sysinit.target; deploy/test.sh installs systemd");
    }
}
