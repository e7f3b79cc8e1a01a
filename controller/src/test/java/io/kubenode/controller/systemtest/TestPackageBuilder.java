package io.kubenode.controller.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * Small packages for the install helper's own test, built on this host with the real tools ({@code dpkg-deb},
 * {@code rpmbuild}): each ships a script and a systemd unit its install script enables and starts, so the test
 * sees the maintainer scripts run under the container's systemd.
 */
final class TestPackageBuilder {
    private final Path work;

    TestPackageBuilder(Path work) {
        this.work = work;
    }

    /** A {@code .deb} of {@code name} 1.0 with /usr/bin/NAME, NAME.service, and {@code depends} (may be empty). */
    Path deb(String name, String depends) throws IOException, InterruptedException {
        Path tree = work.resolve("deb-" + name);
        writeScript(tree.resolve("usr/bin/" + name), name);
        Files.createDirectories(tree.resolve("lib/systemd/system"));
        Files.writeString(tree.resolve("lib/systemd/system/" + name + ".service"), unit(name));
        Files.createDirectories(tree.resolve("DEBIAN"));
        Files.writeString(tree.resolve("DEBIAN/control"), """
                Package: %s
                Version: 1.0-1
                Architecture: all
                Maintainer: kubenode tests <tests@kubenode.invalid>
                %sDescription: kubenode nspawn test package %s
                 Installs a script and a unit it starts.
                """.formatted(name, depends.isEmpty() ? "" : "Depends: " + depends + "\n", name));
        writeExecutable(tree.resolve("DEBIAN/postinst"), "#!/bin/sh\nset -e\n"
                + "if [ \"$1\" = configure ]; then systemctl enable --now " + name + ".service; fi\n");
        Path deb = work.resolve(name + "_1.0-1_all.deb");
        Commands.check(List.of("dpkg-deb", "--root-owner-group", "--build", tree.toString(), deb.toString()),
                Duration.ofMinutes(1));
        return deb;
    }

    /** A noarch {@code .rpm} of {@code name} 1.0-1 with the same content, its unit started in %post. */
    Path rpm(String name) throws IOException, InterruptedException {
        Path top = work.resolve("rpmbuild-" + name);
        Path sources = Files.createDirectories(top.resolve("SOURCES"));
        writeScript(sources.resolve(name), name);
        Files.writeString(sources.resolve(name + ".service"), unit(name));
        Path spec = top.resolve(name + ".spec");
        Files.writeString(spec, """
                Name: %1$s
                Version: 1.0
                Release: 1
                Summary: kubenode nspawn test package %1$s
                License: Apache-2.0
                BuildArch: noarch

                %%description
                Installs a script and a unit it starts.

                %%install
                install -D -m 0755 %%{_sourcedir}/%1$s %%{buildroot}/usr/bin/%1$s
                install -D -m 0644 %%{_sourcedir}/%1$s.service %%{buildroot}/usr/lib/systemd/system/%1$s.service

                %%post
                systemctl enable --now %1$s.service

                %%files
                /usr/bin/%1$s
                /usr/lib/systemd/system/%1$s.service
                """.formatted(name));
        Commands.check(List.of("rpmbuild", "-bb", "--quiet", "--define", "_topdir " + top, spec.toString()),
                Duration.ofMinutes(2));
        return top.resolve("RPMS/noarch/" + name + "-1.0-1.noarch.rpm");
    }

    /** A oneshot unit that runs the script, which leaves /run/NAME.ran behind. */
    private static String unit(String name) {
        return """
                [Unit]
                Description=kubenode nspawn test unit %1$s

                [Service]
                Type=oneshot
                RemainAfterExit=yes
                ExecStart=/usr/bin/%1$s

                [Install]
                WantedBy=multi-user.target
                """.formatted(name);
    }

    private static void writeScript(Path path, String name) throws IOException {
        writeExecutable(path, "#!/bin/sh\necho ran >/run/" + name + ".ran\n");
    }

    private static void writeExecutable(Path path, String content) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, content);
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
