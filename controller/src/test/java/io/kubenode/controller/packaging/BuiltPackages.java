package io.kubenode.controller.packaging;

import io.kubenode.controller.compiler.SeedCluster;
import io.kubenode.controller.realcheck.ExternalCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The RPM and .deb packages the reactor built (deploy/packaging/build-packages.sh in the agent's and the
 * controller's package phase), and what rpm and dpkg-deb say about them. Missing packages fail the test: the build
 * makes them wherever rpmbuild and dpkg-deb are installed, and deploy/test.sh installs both.
 */
public final class BuiltPackages {
    static final Path REPOSITORY = SeedCluster.repositoryRoot();
    static final List<String> NAMES = List.of("kubenode-agent", "kubenode-controller", "kubenodectl");

    /** One file of an RPM: {@code perms} as ls prints them, {@code owner} user:group, {@code flags} rpm's fflags. */
    record RpmFile(String perms, String owner, String flags) {
    }

    /** One entry of a .deb's data: {@code perms} as ls prints them, {@code owner} user/group. */
    record DebFile(String perms, String owner) {
    }

    private BuiltPackages() {
    }

    /** The Maven project version the build ran with (failsafe passes it). */
    static String mavenVersion() {
        String version = System.getProperty("project.version");
        if (version == null || version.isBlank()) {
            throw new AssertionError("project.version is not set: run this test through Maven (failsafe passes it)");
        }
        return version;
    }

    /** The package's version-release: the Maven version without -SNAPSHOT, release 1 (or -Dpackage.release). */
    static String versionRelease() {
        return mavenVersion().replace("-SNAPSHOT", "") + "-" + System.getProperty("package.release", "1");
    }

    static Path rpm(String name) {
        return find(name, name + "-" + versionRelease() + ".noarch.rpm");
    }

    public static Path deb(String name) {
        return find(name, name + "_" + versionRelease() + "_all.deb");
    }

    private static Path find(String name, String file) {
        String module = name.equals("kubenode-agent") ? "agent" : "controller";
        Path path = REPOSITORY.resolve(module).resolve("target/packages").resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new AssertionError(path + " was not built: the " + module + " module's package phase builds it"
                    + " (deploy/packaging/build-packages.sh; needs rpmbuild and dpkg-deb, which deploy/test.sh"
                    + " installs)");
        }
        return path;
    }

    static ExternalCommand.Result run(String... argv) throws IOException, InterruptedException {
        return run(Duration.ofSeconds(120), argv);
    }

    static ExternalCommand.Result run(Duration timeout, String... argv) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(argv));
        command.set(0, ExternalCommand.require(argv[0]));
        return ExternalCommand.run(command, timeout, Map.of());
    }

    /** Runs and returns stdout, failing the test on a non-zero exit. */
    static String output(String... argv) throws IOException, InterruptedException {
        ExternalCommand.Result result = run(argv);
        if (result.exitCode() != 0) {
            throw new AssertionError(result.describe());
        }
        return result.stdout();
    }

    /** An RPM header tag ({@code %{NAME}}, {@code %{POSTIN}} ...) of a package file. */
    static String rpmTag(Path rpm, String tag) throws IOException, InterruptedException {
        return output("rpm", "-qp", "--qf", "%{" + tag + "}", rpm.toString());
    }

    /** Every file and directory of an RPM by path. */
    static Map<String, RpmFile> rpmFiles(Path rpm) throws IOException, InterruptedException {
        String listing = output("rpm", "-qp", "--qf",
                "[%{FILEMODES:perms} %{FILEUSERNAME}:%{FILEGROUPNAME} <%{FILEFLAGS:fflags}> %{FILENAMES}\\n]",
                rpm.toString());
        Map<String, RpmFile> files = new LinkedHashMap<>();
        for (String line : listing.split("\n")) {
            String[] fields = line.split(" ", 4);
            files.put(fields[3], new RpmFile(fields[0], fields[1], fields[2].replaceAll("[<>]", "")));
        }
        return files;
    }

    /** Every entry of a .deb's data by path (directories without their trailing slash). */
    static Map<String, DebFile> debFiles(Path deb) throws IOException, InterruptedException {
        Map<String, DebFile> files = new LinkedHashMap<>();
        for (String line : output("dpkg-deb", "-c", deb.toString()).split("\n")) {
            String[] fields = line.trim().split("\\s+", 6);
            String path = fields[5].replaceFirst(" -> .*", "").replaceFirst("^\\./", "/").replaceFirst("/$", "");
            if (!path.isEmpty() && !path.equals(".")) {
                files.put(path, new DebFile(fields[0], fields[1]));
            }
        }
        return files;
    }

    /** A control field of a .deb ({@code Depends}, {@code Version} ...). */
    static String debField(Path deb, String field) throws IOException, InterruptedException {
        return output("dpkg-deb", "-f", deb.toString(), field).strip();
    }

    /** A maintainer script or control file of a .deb, extracted into {@code dir}. */
    static Path debControlFile(Path deb, String name, Path dir) throws IOException, InterruptedException {
        Path control = dir.resolve(deb.getFileName() + ".control");
        if (!Files.isDirectory(control)) {
            output("dpkg-deb", "-e", deb.toString(), control.toString());
        }
        return control.resolve(name);
    }

    static List<Path> all(java.util.function.Function<String, Path> kind) {
        return NAMES.stream().map(kind).toList();
    }

    static Stream<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty());
    }
}
