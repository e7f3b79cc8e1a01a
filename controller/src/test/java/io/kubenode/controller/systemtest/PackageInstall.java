package io.kubenode.controller.systemtest;

import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Installs packages into a test container the way a user installs them: by name from the container's apt
 * sources, or from package files copied from this host:
 * {@code apt-get install ./x.deb} (apt resolves each file's Depends against what the container has and the other
 * files given, and runs the maintainer scripts under the container's systemd) and Debian's {@code rpm -i} (the
 * container needs the {@code rpm} package first: {@link DebianPackages} fetches it). The files are copied to a
 * scratch directory inside and removed afterwards; the installed packages stay.
 */
public final class PackageInstall {
    private static final String SCRATCH = "/var/cache/kubenode-test-packages";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private PackageInstall() {
    }

    /**
     * Makes dpkg skip documentation, manuals and translations and its fsyncs in {@code host}: a test host's package
     * installs take a fraction of the time, and nothing the tests check is left out.
     */
    public static void leaveOutDocumentation(NspawnHost host) throws IOException, InterruptedException {
        Path config = Files.createTempFile("kubenode-dpkg", ".cfg");
        try {
            Files.writeString(config, "force-unsafe-io\npath-exclude=/usr/share/doc/*\n"
                    + "path-exclude=/usr/share/man/*\npath-exclude=/usr/share/locale/*\n");
            host.copyIn(config, "/etc/dpkg/dpkg.cfg.d/kubenode-test");
        } finally {
            Files.deleteIfExists(config);
        }
    }

    /** {@link #apt} that must succeed; returns apt's output. */
    public static String installDebs(NspawnHost host, List<Path> debs) throws IOException, InterruptedException {
        return succeeded(host, apt(host, debs));
    }

    /**
     * {@code apt-get install -y --no-install-recommends} of the {@code .deb} files; the container's apt sources are
     * whatever it has (the test image lists none), so a dependency neither installed nor among the files fails.
     */
    public static ExternalCommand.Result apt(NspawnHost host, List<Path> debs) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install",
                "-y", "-q", "--no-install-recommends"));
        return withFilesInside(host, debs, ".deb", argv);
    }

    /**
     * {@code apt-get install -y --no-install-recommends} of package {@code names} from the container's apt sources
     * (such as a {@link SignedAptRepository} added to it); must succeed, returns apt's output.
     */
    public static String installByName(NspawnHost host, List<String> names) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install",
                "-y", "-q", "--no-install-recommends"));
        argv.addAll(names);
        return succeeded(host, host.run(argv, TIMEOUT));
    }

    /** {@link #rpm} that must succeed; returns rpm's output. */
    public static String installRpms(NspawnHost host, List<Path> rpms, List<String> options)
            throws IOException, InterruptedException {
        return succeeded(host, rpm(host, rpms, options));
    }

    /**
     * {@code rpm -i} (or whatever mode {@code options} start with, e.g. {@code -U}) with {@code options} (such as
     * {@code --nodeps} when a requirement is checked another way) of the {@code .rpm} files.
     */
    public static ExternalCommand.Result rpm(NspawnHost host, List<Path> rpms, List<String> options)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("rpm"));
        boolean modeGiven = !options.isEmpty() && options.get(0).matches("-[iUF]\\w*|--(install|upgrade|freshen)");
        if (!modeGiven) {
            argv.add("-i");
        }
        argv.addAll(options);
        return withFilesInside(host, rpms, ".rpm", argv);
    }

    /**
     * Copies {@code files} into the scratch directory (one archive for all), runs {@code argv} + their paths
     * inside, removes them.
     */
    private static ExternalCommand.Result withFilesInside(NspawnHost host, List<Path> files, String suffix,
            List<String> argv) throws IOException, InterruptedException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no package files given");
        }
        Path staging = Files.createTempDirectory("kubenode-packages");
        List<String> command = new ArrayList<>(argv);
        try {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!name.endsWith(suffix) || !Files.isRegularFile(file)) {
                    throw new IllegalArgumentException(file + " is not a " + suffix + " file");
                }
                Files.copy(file, staging.resolve(name));
                command.add(SCRATCH + "/" + name);
            }
            host.copyIn(staging, SCRATCH);
        } finally {
            Commands.check("rm", "-rf", staging.toString());
        }
        try {
            // apt reads local files as its unprivileged _apt user: they must be readable by it.
            host.check("chmod", "-R", "u=rwX,go=rX", SCRATCH);
            return host.run(command, TIMEOUT);
        } finally {
            host.check("rm", "-rf", SCRATCH);
        }
    }

    private static String succeeded(NspawnHost host, ExternalCommand.Result result) {
        if (result.exitCode() != 0) {
            throw new AssertionError(host.machine() + ": " + result.describe());
        }
        return result.stdout();
    }
}
