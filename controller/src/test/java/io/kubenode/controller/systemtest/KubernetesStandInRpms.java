package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stand-ins for pkgs.k8s.io's kubelet, kubeadm and kubectl RPMs, built on this host with rpmbuild and signed with
 * rpmsign by a key made for the run: the real names and version-release form ({@code 1.32.2-150500.1.1}), noarch,
 * each carrying one script {@code /usr/bin/NAME} that prints "NAME vVERSION".
 */
final class KubernetesStandInRpms {
    static final String RELEASE = "150500.1.1";
    static final String BASE = "kubenode-test-host-base";
    private static final String SIGNER = "kubenode test repository <rpm-repo@kubenode.invalid>";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Path work;
    private final Path gnupg;

    private KubernetesStandInRpms(Path work) {
        this.work = work;
        this.gnupg = work.resolve("gnupg");
    }

    /** Builds every name at every version into {@code work/rpms}, signed; {@link #publicKey} verifies them. */
    static KubernetesStandInRpms build(Path work, List<String> names, List<String> versions)
            throws IOException, InterruptedException {
        KubernetesStandInRpms rpms = new KubernetesStandInRpms(work);
        rpms.makeKey();
        List<String> sign = new ArrayList<>(List.of(ExternalCommand.require("rpmsign"), "--addsign",
                // Debian's rpm names gpg2, which Debian ships as gpg
                "--define", "__gpg " + ExternalCommand.require("gpg"), "--define", "_gpg_path " + rpms.gnupg,
                "--define", "_gpg_name rpm-repo@kubenode.invalid"));
        for (String name : names) {
            for (String version : versions) {
                sign.add(rpms.rpmbuild(name, version).toString());
            }
        }
        Commands.check(sign, TIMEOUT);
        rpms.hostBase();
        return rpms;
    }

    /**
     * {@code BASE}: what a CentOS host's rpm database says and a Debian one (empty) cannot: that {@code /bin/sh} is
     * there (the stand-ins' scripts need it, as the real packages need bash's) and the release version dnf reads
     * from {@code system-release(releasever)}. Installed with rpm before dnf runs; not in the repository.
     */
    Path base() {
        return work.resolve("base").resolve(BASE + "-1-1.noarch.rpm");
    }

    /** The directory holding the signed {@code .rpm} files (and nothing else). */
    Path directory() {
        return work.resolve("rpms");
    }

    /** The signing key, ASCII-armoured, as a repository publishes it for {@code gpgkey=}. */
    String publicKey() throws IOException, InterruptedException {
        return Commands.check(List.of("gpg", "--homedir", gnupg.toString(), "--armor", "--export",
                "rpm-repo@kubenode.invalid"), TIMEOUT);
    }

    private void makeKey() throws IOException, InterruptedException {
        Files.createDirectories(gnupg);
        Commands.check("chmod", "700", gnupg.toString());
        Commands.check(List.of(ExternalCommand.require("gpg"), "--homedir", gnupg.toString(), "--batch",
                "--passphrase", "", "--quick-gen-key", SIGNER, "rsa2048", "sign", "never"), TIMEOUT);
    }

    private void hostBase() throws IOException, InterruptedException {
        Path spec = Files.createDirectories(work.resolve("rpmbuild/SPECS")).resolve(BASE + ".spec");
        Files.writeString(spec, """
                Name: %s
                Version: 1
                Release: 1
                Summary: the Debian test host's own capabilities, for rpm's database
                License: Apache-2.0
                BuildArch: noarch
                Provides: /bin/sh
                Provides: system-release(releasever) = 9

                %%description
                Declares what the host has outside rpm's database.

                %%files
                """.formatted(BASE));
        rpmbuild(spec, base().getParent());
    }

    private Path rpmbuild(String name, String version) throws IOException, InterruptedException {
        Path spec = Files.createDirectories(work.resolve("rpmbuild/SPECS")).resolve(name + "-" + version + ".spec");
        Files.writeString(spec, """
                Name: %1$s
                Version: %2$s
                Release: %3$s
                Summary: kubenode test stand-in for %1$s
                License: Apache-2.0
                BuildArch: noarch

                %%description
                Stand-in for the Kubernetes %1$s package: one script printing its name and version.

                %%install
                mkdir -p %%{buildroot}/usr/bin
                printf '#!/bin/sh\\necho "%%{name} v%%{version}"\\n' >%%{buildroot}/usr/bin/%%{name}
                chmod 0755 %%{buildroot}/usr/bin/%%{name}

                %%files
                /usr/bin/%%{name}
                """.formatted(name, version, RELEASE));
        rpmbuild(spec, directory());
        return directory().resolve(name + "-" + version + "-" + RELEASE + ".noarch.rpm");
    }

    private void rpmbuild(Path spec, Path into) throws IOException, InterruptedException {
        Commands.check(List.of(ExternalCommand.require("rpmbuild"), "-bb", "--quiet",
                "--define", "_topdir " + work.resolve("rpmbuild"), "--define", "_rpmdir " + into,
                "--define", "_build_name_fmt %%{NAME}-%%{VERSION}-%%{RELEASE}.%%{ARCH}.rpm", spec.toString()), TIMEOUT);
    }
}
