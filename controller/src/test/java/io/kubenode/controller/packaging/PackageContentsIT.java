package io.kubenode.controller.packaging;

import io.kubenode.controller.packaging.BuiltPackages.DebFile;
import io.kubenode.controller.packaging.BuiltPackages.RpmFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.kubenode.controller.packaging.BuiltPackages.debField;
import static io.kubenode.controller.packaging.BuiltPackages.debFiles;
import static io.kubenode.controller.packaging.BuiltPackages.deb;
import static io.kubenode.controller.packaging.BuiltPackages.output;
import static io.kubenode.controller.packaging.BuiltPackages.rpm;
import static io.kubenode.controller.packaging.BuiltPackages.rpmFiles;
import static io.kubenode.controller.packaging.BuiltPackages.rpmTag;
import static org.assertj.core.api.Assertions.assertThat;

/** What the built RPMs and .debs hold and declare, read back with rpm and dpkg-deb. */
class PackageContentsIT {

    @Test
    void theAgentRpmHasItsJarsLauncherUnitNoreplaceConfigAndARootOnlyStateDir() throws Exception {
        Map<String, RpmFile> files = rpmFiles(rpm("kubenode-agent"));

        assertThat(files.get("/usr/bin/kubenode-agent")).isEqualTo(new RpmFile("-rwxr-xr-x", "root:root", ""));
        assertThat(files).containsKeys("/usr/share/kubenode/agent/kubenode-agent.jar",
                "/usr/share/kubenode/agent/java-opts.sh", "/usr/share/kubenode/agent/class-archive-catalog.yaml",
                "/usr/lib/systemd/system/kubenode-agent.service", "/usr/lib/tmpfiles.d/kubenode-agent.conf");
        assertThat(files.keySet()).anyMatch(path -> path.matches("/usr/share/kubenode/agent/lib/kubenode-common-.*\\.jar"))
                .anyMatch(path -> path.matches("/usr/share/kubenode/agent/lib/picocli-.*\\.jar"));
        assertThat(files.get("/usr/share/kubenode/agent/make-class-archive").perms()).isEqualTo("-rwxr-xr-x");
        assertThat(files.get("/etc/kubenode/agent.yaml")).isEqualTo(new RpmFile("-rw-r--r--", "root:root", "cn"));
        assertThat(files.get("/var/lib/kubenode-agent")).isEqualTo(new RpmFile("drwx------", "root:root", ""));
        // the class archive is a cache the package owns without shipping: erase removes it, rpm -V ignores it
        assertThat(files.get("/var/lib/kubenode-agent/cds/kubenode-agent.jsa").flags()).isEqualTo("g");
    }

    @Test
    void theControllerRpmHasItsUserDataDirUnitAndNoreplaceOptions() throws Exception {
        Map<String, RpmFile> files = rpmFiles(rpm("kubenode-controller"));

        assertThat(files.get("/usr/bin/kubenode-controller").perms()).isEqualTo("-rwxr-xr-x");
        assertThat(files).containsKeys("/usr/share/kubenode/controller/kubenode-controller.jar",
                "/usr/lib/systemd/system/kubenode-controller.service",
                "/usr/lib/sysusers.d/kubenode-controller.conf", "/usr/lib/tmpfiles.d/kubenode-controller.conf");
        assertThat(files.keySet()).anyMatch(path -> path.matches("/usr/share/kubenode/controller/lib/sqlite-jdbc-.*\\.jar"));
        assertThat(files.get("/etc/kubenode/controller.env")).isEqualTo(new RpmFile("-rw-r--r--", "root:root", "cn"));
        assertThat(files.get("/var/lib/kubenode-controller"))
                .isEqualTo(new RpmFile("drwx------", "kubenode:kubenode", ""));
    }

    @Test
    void kubenodectlIsTheCliAloneWithItsOwnCopyOfTheControllerJar() throws Exception {
        Map<String, RpmFile> files = rpmFiles(rpm("kubenodectl"));

        assertThat(files.get("/usr/bin/kubenodectl").perms()).isEqualTo("-rwxr-xr-x");
        assertThat(files).containsKeys("/usr/share/kubenode/kubenodectl/kubenode-controller.jar",
                "/usr/share/kubenode/kubenodectl/java-opts.sh");
        assertThat(files.keySet()).noneMatch(path -> path.startsWith("/usr/lib/systemd") || path.startsWith("/etc")
                || path.startsWith("/var"));
    }

    @Test
    void noTwoPackagesShipTheSameFileSoEachInstallsAndUpgradesAlone() throws Exception {
        // dpkg refuses a file another package owns, and rpm refuses one with other content (a later version)
        Map<String, String> rpmOwners = new HashMap<>();
        Map<String, String> debOwners = new HashMap<>();
        for (String name : BuiltPackages.NAMES) {
            rpmFiles(rpm(name)).forEach((path, file) -> {
                if (!file.perms().startsWith("d")) {
                    assertThat(rpmOwners.put(path, name)).as(path).isNull();
                }
            });
            debFiles(deb(name)).forEach((path, file) -> {
                if (!file.perms().startsWith("d")) {
                    assertThat(debOwners.put(path, name)).as(path).isNull();
                }
            });
        }
        assertThat(rpmOwners).hasSizeGreaterThan(60);
        assertThat(debOwners).hasSizeGreaterThan(60);
    }

    @Test
    void rpmHeadersCarryTheMavenVersionLicenseAndSummaries() throws Exception {
        for (String name : BuiltPackages.NAMES) {
            String info = output("rpm", "-qpi", rpm(name).toString());

            assertThat(info).containsPattern("Name +: " + name + "\n")
                    .containsPattern("Version +: " + BuiltPackages.mavenVersion().replace("-SNAPSHOT", "") + "\n")
                    .containsPattern("Release +: " + System.getProperty("package.release", "1") + "\n")
                    .containsPattern("Architecture: noarch\n")
                    .containsPattern("License +: Proprietary\n")
                    .containsPattern("Summary +: .*kubenode.*\n")
                    .contains("Description :\n");
        }
        assertThat(rpmTag(rpm("kubenode-agent"), "SUMMARY")).isEqualTo(
                "Node agent of kubenode: keeps a host matching its catalog");
    }

    @Test
    void rpmsRequireAJava17OrLaterHeadlessRuntimeByCentOsStream9Names() throws Exception {
        for (String name : BuiltPackages.NAMES) {
            List<String> requires = BuiltPackages.lines(output("rpm", "-qpR", rpm(name).toString())).toList();

            assertThat(requires).contains("(java-17-openjdk-headless or java-21-openjdk-headless)", "bash")
                    .noneMatch(require -> require.contains("openjdk-17-jre"));
        }
        assertThat(BuiltPackages.lines(output("rpm", "-qpR", rpm("kubenode-agent").toString())))
                .contains("systemd");
    }

    @Test
    void debsHaveTheRpmLayoutAndDependOnAJava17Runtime() throws Exception {
        Map<String, DebFile> agent = debFiles(deb("kubenode-agent"));
        Map<String, DebFile> controller = debFiles(deb("kubenode-controller"));

        assertThat(agent.get("/var/lib/kubenode-agent")).isEqualTo(new DebFile("drwx------", "root/root"));
        assertThat(agent.get("/usr/bin/kubenode-agent")).isEqualTo(new DebFile("-rwxr-xr-x", "root/root"));
        assertThat(agent).containsKeys("/usr/share/kubenode/agent/kubenode-agent.jar", "/etc/kubenode/agent.yaml",
                "/usr/lib/systemd/system/kubenode-agent.service", "/usr/share/doc/kubenode-agent/copyright");
        assertThat(controller).containsKeys("/usr/share/kubenode/controller/kubenode-controller.jar",
                "/usr/lib/sysusers.d/kubenode-controller.conf", "/etc/kubenode/controller.env")
                // made by postinst, owned by the user it creates: dpkg would reset a shipped dir to root's
                .doesNotContainKey("/var/lib/kubenode-controller");
        for (String name : BuiltPackages.NAMES) {
            Path deb = deb(name);
            Map<String, RpmFile> rpmFiles = rpmFiles(rpm(name));
            Map<String, DebFile> debFiles = debFiles(deb);
            rpmFiles.keySet().stream().filter(path -> !rpmFiles.get(path).flags().contains("g"))
                    .filter(path -> !path.equals("/var/lib/kubenode-controller"))
                    .forEach(path -> assertThat(debFiles).as(name).containsKey(path));
            assertThat(debField(deb, "Depends")).startsWith("openjdk-17-jre-headless | java17-runtime-headless");
            assertThat(debField(deb, "Version")).isEqualTo(BuiltPackages.versionRelease());
            assertThat(debField(deb, "Architecture")).isEqualTo("all");
        }
        assertThat(output("dpkg-deb", "-I", deb("kubenode-agent").toString()))
                .contains("conffiles", "postinst", "prerm", "postrm");
        assertThat(debField(deb("kubenode-controller"), "Depends")).contains("adduser");
    }
}
