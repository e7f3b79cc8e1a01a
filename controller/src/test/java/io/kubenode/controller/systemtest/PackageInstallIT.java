package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package install helper in one booted container: .debs through apt (real dependency resolution, maintainer
 * scripts under the container's systemd), by name from a signed local repository (and not from one whose
 * signature the trusted key does not verify), Debian's rpm fetched for the air-gapped image, and an .rpm through it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PackageInstallIT {
    private NspawnHosts hosts;
    private NspawnHost host;
    private Path work;
    private TestPackageBuilder packages;

    @BeforeAll
    void bootOneHost() throws Exception {
        for (String program : List.of("dpkg-deb", "rpmbuild", "apt-get")) {
            ExternalCommand.require(program);
        }
        work = Files.createTempDirectory("nspawn-packages");
        packages = new TestPackageBuilder(work);
        hosts = NspawnHosts.open();
        host = hosts.boot("kn-packages1");
    }

    @AfterAll
    void closeHosts() throws Exception {
        NspawnHosts.closeAndDelete(hosts, work);
    }

    @Test
    @Order(1)
    void aptRefusesADebWhoseDependencyIsNeitherInstalledNorGiven() throws Exception {
        Path hello = packages.deb("kn-hello", "kn-base (>= 1.0)");

        ExternalCommand.Result result = PackageInstall.apt(host, List.of(hello));

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.stdout() + result.stderr()).contains("kn-base");
        assertThat(host.run("dpkg-query", "-W", "kn-hello").exitCode()).as("kn-hello installed").isNotZero();
        assertThat(host.run("ls", "/var/cache/kubenode-test-packages").exitCode()).as("scratch dir left").isNotZero();
    }

    @Test
    @Order(2)
    void aptInstallsDebsWithTheirDependenciesAndRunsTheirScriptsUnderSystemd() throws Exception {
        Path hello = packages.deb("kn-hello", "kn-base (>= 1.0)");
        Path base = packages.deb("kn-base", "");

        PackageInstall.installDebs(host, List.of(hello, base));

        assertThat(host.check("dpkg-query", "-W", "-f", "${Package} ${Version} ${Status}\\n", "kn-hello", "kn-base"))
                .contains("kn-hello 1.0-1 install ok installed", "kn-base 1.0-1 install ok installed");
        assertThat(host.check("stat", "-c", "%a %U", "/usr/bin/kn-hello").strip()).isEqualTo("755 root");
        assertThat(host.check("systemctl", "is-enabled", "kn-hello.service").strip()).isEqualTo("enabled");
        assertThat(host.check("systemctl", "is-active", "kn-hello.service", "kn-base.service"))
                .isEqualTo("active\nactive\n");
        assertThat(host.check("cat", "/run/kn-hello.ran")).isEqualTo("ran\n");
    }

    @Test
    @Order(3)
    void aptInstallsByNameFromASignedLocalRepository() throws Exception {
        Path deb = packages.deb("kn-repo-hello", "");
        SignedAptRepository repository = SignedAptRepository.build("smoke", work.resolve("repo-smoke"), List.of(deb));

        repository.addTo(host);
        PackageInstall.installByName(host, List.of("kn-repo-hello"));

        assertThat(host.check("apt-cache", "policy", "kn-repo-hello")).contains("file:/srv/kubenode-apt/smoke ./");
        assertThat(host.check("systemctl", "is-active", "kn-repo-hello.service").strip()).isEqualTo("active");
    }

    @Test
    @Order(4)
    void aptRefusesARepositorySignedWithAnotherKey() throws Exception {
        Path deb = packages.deb("kn-unsigned-hello", "");
        SignedAptRepository repository = SignedAptRepository.build("forged", work.resolve("repo-forged"),
                List.of(deb));
        SignedAptRepository other = SignedAptRepository.build("other", work.resolve("repo-other"), List.of(deb));

        ExternalCommand.Result update = repository.addTrusting(host, other.publicKey());

        assertThat(update.stdout() + update.stderr()).contains("NO_PUBKEY");
        assertThat(host.run("apt-cache", "show", "kn-unsigned-hello").exitCode()).as("package known").isNotZero();
        host.check("rm", "/etc/apt/sources.list.d/kubenode-forged.list");
    }

    @Test
    @Order(5)
    void debiansRpmInstallsAnRpmAndRunsItsScriptletWithNodepsOnly() throws Exception {
        List<Path> rpmTool = DebianPackages.forImage(hosts, List.of("rpm"));
        assertThat(rpmTool).anyMatch(deb -> deb.getFileName().toString().startsWith("rpm_"));
        PackageInstall.installDebs(host, rpmTool);
        Path rpm = packages.rpm("kn-rpm-hello");

        ExternalCommand.Result strict = PackageInstall.rpm(host, List.of(rpm), List.of());
        PackageInstall.installRpms(host, List.of(rpm), List.of("--nodeps"));

        // Debian's rpm database knows no Debian package: even the scriptlet's shell is an unmet requirement.
        assertThat(strict.exitCode()).isNotZero();
        assertThat(strict.stderr()).contains("/bin/sh is needed by kn-rpm-hello-1.0-1.noarch");

        assertThat(host.check("rpm", "-q", "kn-rpm-hello").strip()).isEqualTo("kn-rpm-hello-1.0-1.noarch");
        ExternalCommand.Result verify = host.run("rpm", "-V", "--nodeps", "kn-rpm-hello");
        assertThat(verify.exitCode()).as(verify.describe()).isZero();
        assertThat(host.check("systemctl", "is-active", "kn-rpm-hello.service").strip()).isEqualTo("active");
        assertThat(host.check("cat", "/run/kn-rpm-hello.ran")).isEqualTo("ran\n");
    }
}
