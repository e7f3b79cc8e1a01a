package io.kubenode.controller.packaging;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.kubenode.controller.packaging.BuiltPackages.REPOSITORY;
import static io.kubenode.controller.packaging.BuiltPackages.output;
import static io.kubenode.controller.packaging.BuiltPackages.rpm;
import static io.kubenode.controller.packaging.BuiltPackages.rpmTag;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The RPMs installed for real by Debian's rpm into a scratch root ({@code --nodeps}: the Java and systemd
 * requirements name CentOS packages, checked by {@link PackageContentsIT}; {@code --noscripts}: the scratch root has
 * no shell to chroot into; the controller's user is made first by systemd-sysusers from the very text its %pre
 * feeds it). The installed tree is then checked on disk and its commands are run from it.
 */
class InstalledPackagesIT {
    @TempDir
    static Path scratch;

    @BeforeAll
    static void installTheThreeRpmsSideBySide() throws Exception {
        Path sysusers = scratch.resolveSibling(scratch.getFileName() + "-pre.conf");
        Files.writeString(sysusers, sysusersTextOfThePreScriptlet());
        Files.createDirectories(scratch.resolve("etc"));
        output("systemd-sysusers", "--root=" + scratch, sysusers.toString());
        install(scratch, BuiltPackages.all(BuiltPackages::rpm));
    }

    @Test
    void theInstalledTreeHasTheSpecsModesOwnersAndConfigs() throws Exception {
        assertThat(permissions(scratch.resolve("var/lib/kubenode-agent"))).isEqualTo("rwx------");
        assertThat(permissions(scratch.resolve("var/lib/kubenode-controller"))).isEqualTo("rwx------");
        assertThat(Files.getAttribute(scratch.resolve("var/lib/kubenode-controller"), "unix:uid",
                LinkOption.NOFOLLOW_LINKS)).isEqualTo(uidOf("kubenode")).isNotEqualTo(0);
        assertThat(permissions(scratch.resolve("usr/bin/kubenode-agent"))).isEqualTo("rwxr-xr-x");
        assertThat(Files.readString(scratch.resolve("etc/kubenode/agent.yaml")))
                .isEqualTo(Files.readString(REPOSITORY.resolve("systemd/config/agent.yaml")));
        assertThat(Files.readString(scratch.resolve("etc/kubenode/controller.env")))
                .contains("KUBENODE_CONTROLLER_OPTS=");
        // the user %pre makes is the one the package's sysusers.d file declares
        assertThat(sysusersTextOfThePreScriptlet())
                .isEqualTo(Files.readString(scratch.resolve("usr/lib/sysusers.d/kubenode-controller.conf")));
        assertThat(output("rpm", "--root", scratch.toString(), "-qf", "/usr/bin/kubenodectl").strip())
                .isEqualTo("kubenodectl-" + BuiltPackages.versionRelease() + ".noarch");
    }

    @Test
    void rpmVerifiesTheInstalledFilesAndTmpfilesAgreesWithTheModes() throws Exception {
        ExternalCommand.Result verify = BuiltPackages.run("rpm", "--root", scratch.toString(), "-V", "--nodeps",
                "kubenode-agent", "kubenode-controller", "kubenodectl");
        ExternalCommand.Result tmpfiles = BuiltPackages.run("systemd-tmpfiles", "--root=" + scratch, "--create",
                scratch.resolve("usr/lib/tmpfiles.d/kubenode-agent.conf").toString(),
                scratch.resolve("usr/lib/tmpfiles.d/kubenode-controller.conf").toString());

        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        assertThat(verify.stdout()).as(verify.describe()).isEmpty();
        assertThat(tmpfiles.exitCode()).as(tmpfiles.describe()).isZero();
        assertThat(permissions(scratch.resolve("var/lib/kubenode-controller"))).isEqualTo("rwx------");
        assertThat(Files.getAttribute(scratch.resolve("var/lib/kubenode-controller"), "unix:uid"))
                .isEqualTo(uidOf("kubenode"));
    }

    @Test
    void theInstalledCommandsRunFromTheirTree() throws Exception {
        ExternalCommand.Result version = run(scratch.resolve("usr/bin/kubenodectl"), "--version");
        ExternalCommand.Result validate = run(scratch.resolve("usr/bin/kubenodectl"), "validate", "-f",
                SeedCluster.exampleFile().toString());
        ExternalCommand.Result help = run(scratch.resolve("usr/bin/kubenode-controller"), "--help");

        assertThat(version.stdout().strip()).as(version.describe())
                .isEqualTo("kubenode " + BuiltPackages.mavenVersion());
        assertThat(validate.exitCode()).as(validate.describe()).isZero();
        assertThat(help.stdout()).as(help.describe()).contains("Usage: kubenode-controller");
    }

    @Test
    void theAgentMakesItsClassArchiveOnceMapsItAndRemakesItForANewJar() throws Exception {
        Path archive = scratch.resolve("var/lib/kubenode-agent/cds/kubenode-agent.jsa");
        Path agent = scratch.resolve("usr/bin/kubenode-agent");
        Files.deleteIfExists(archive);

        ExternalCommand.Result first = run(agent, "--version");
        FileTime made = Files.getLastModifiedTime(archive);
        // -Xshare:on (after the launcher's -Xshare:auto) makes the JVM fail unless it maps the archive
        ExternalCommand.Result mapped = ExternalCommand.run(List.of(agent.toString(), "--version"),
                Duration.ofMinutes(2), Map.of("KUBENODE_JAVA_OPTS", "-Xshare:on"));
        FileTime kept = Files.getLastModifiedTime(archive);
        // an upgrade's jar: newer than the archive (put back afterwards, for rpm -V in the other tests)
        Path jar = scratch.resolve("usr/share/kubenode/agent/kubenode-agent.jar");
        FileTime shipped = Files.getLastModifiedTime(jar);
        Files.setLastModifiedTime(jar, FileTime.from(made.toInstant().plusSeconds(1)));
        ExternalCommand.Result upgraded;
        try {
            upgraded = run(agent, "--version");
        } finally {
            Files.setLastModifiedTime(jar, shipped);
        }

        assertThat(first.exitCode()).as(first.describe()).isZero();
        assertThat(permissions(archive)).isEqualTo("rw-r--r--");
        assertThat(mapped.exitCode()).as(mapped.describe()).isZero();
        assertThat(kept).isEqualTo(made);
        assertThat(upgraded.exitCode()).as(upgraded.describe()).isZero();
        assertThat(Files.getLastModifiedTime(archive)).isGreaterThan(made);
        // what %post runs: the same maker, which prints the (now current) archive
        assertThat(run(scratch.resolve("usr/share/kubenode/agent/make-class-archive")).stdout().strip())
                .isEqualTo(archive.toString());
    }

    @Test
    void anArchiveThatCannotBeMadeNeverStopsTheAgent(@TempDir Path root) throws Exception {
        install(root, List.of(rpm("kubenode-agent")));
        Path cds = root.resolve("var/lib/kubenode-agent/cds");
        Files.delete(cds);
        Files.writeString(cds, "not a directory");

        ExternalCommand.Result version = run(root.resolve("usr/bin/kubenode-agent"), "--version");
        ExternalCommand.Result maker = run(root.resolve("usr/share/kubenode/agent/make-class-archive"));

        assertThat(version.exitCode()).as(version.describe()).isZero();
        assertThat(version.stdout()).startsWith("kubenode ");
        assertThat(maker.exitCode()).as(maker.describe()).isZero();
        assertThat(maker.stdout()).isEmpty();
    }

    @Test
    void anUpgradeKeepsTheEditedConfigAndTheStateAndAnEraseLeavesTheState(@TempDir Path dir) throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Path next = dir.resolve("release-2");
        ExternalCommand.Result build = ExternalCommand.run(List.of(
                REPOSITORY.resolve("deploy/packaging/build-packages.sh").toString(), "agent",
                BuiltPackages.mavenVersion(), "2", "Proprietary"), Duration.ofMinutes(3),
                Map.of("KUBENODE_PACKAGES_OUT", next.toString()));
        assertThat(build.exitCode()).as(build.describe()).isZero();
        install(root, List.of(rpm("kubenode-agent")));
        Path config = root.resolve("etc/kubenode/agent.yaml");
        Files.writeString(config, "# edited on this node\n", java.nio.file.StandardOpenOption.APPEND);
        String edited = Files.readString(config);
        Path key = Files.createDirectories(root.resolve("var/lib/kubenode-agent/pki")).resolve("node.key");
        Files.writeString(key, "the node key");

        ExternalCommand.Result upgrade = BuiltPackages.run("rpm", "--root", root.toString(), "--nodeps",
                "--noscripts", "-U", next.resolve("kubenode-agent-" + BuiltPackages.mavenVersion()
                        .replace("-SNAPSHOT", "") + "-2.noarch.rpm").toString());
        String installed = output("rpm", "--root", root.toString(), "-q", "kubenode-agent").strip();
        String afterUpgrade = Files.readString(config);
        ExternalCommand.Result erase = BuiltPackages.run("rpm", "--root", root.toString(), "--nodeps",
                "--noscripts", "-e", "kubenode-agent");

        assertThat(upgrade.exitCode()).as(upgrade.describe()).isZero();
        assertThat(installed).endsWith("-2.noarch");
        assertThat(afterUpgrade).isEqualTo(edited);
        assertThat(erase.exitCode()).as(erase.describe()).isZero();
        assertThat(root.resolve("usr/bin/kubenode-agent")).doesNotExist();
        assertThat(root.resolve("usr/share/kubenode/agent")).doesNotExist();
        // erase leaves the state (and the edited config, as .rpmsave)
        assertThat(Files.readString(key)).isEqualTo("the node key");
        assertThat(permissions(root.resolve("var/lib/kubenode-agent"))).isEqualTo("rwx------");
        assertThat(Files.readString(root.resolve("etc/kubenode/agent.yaml.rpmsave"))).isEqualTo(edited);
    }

    private static void install(Path root, List<Path> rpms) throws Exception {
        List<String> argv = new ArrayList<>(List.of("rpm", "--root", root.toString(), "--nodeps", "--noscripts", "-i"));
        rpms.forEach(rpm -> argv.add(rpm.toString()));
        ExternalCommand.Result install = BuiltPackages.run(argv.toArray(String[]::new));
        assertThat(install.exitCode()).as(install.describe()).isZero();
        assertThat(install.stderr()).as(install.describe()).doesNotContain("does not exist - using root");
    }

    /** The sysusers.d text the controller's %pre pipes into systemd-sysusers. */
    private static String sysusersTextOfThePreScriptlet() throws Exception {
        String pre = rpmTag(rpm("kubenode-controller"), "PREIN");
        int start = pre.indexOf("<<'SYSUSERS'\n");
        int end = pre.indexOf("\nSYSUSERS", start);
        assertThat(start).as(pre).isPositive();
        return pre.substring(pre.indexOf('\n', start) + 1, end + 1);
    }

    private static int uidOf(String user) throws Exception {
        return Files.readAllLines(scratch.resolve("etc/passwd")).stream().filter(line -> line.startsWith(user + ":"))
                .map(line -> Integer.parseInt(line.split(":")[2])).findFirst()
                .orElseThrow(() -> new AssertionError(user + " is not in " + scratch.resolve("etc/passwd")));
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    }

    private static ExternalCommand.Result run(Path command, String... args) throws Exception {
        List<String> argv = new ArrayList<>(List.of(command.toString()));
        argv.addAll(List.of(args));
        return ExternalCommand.run(argv, Duration.ofMinutes(2), Map.of());
    }
}
