package io.kubenode.agent.kubeadm.simulator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Writes {@code kubeadm} and {@code kubectl} executables into a directory: shell scripts that exec this JVM's java
 * with the current (test) class path and {@link KubeSimulator} with the personality as first argument. Usable from
 * the controller's tests (their class path includes the agent test-jar) and for {@code --sandbox-simulator}.
 */
public final class SimulatorExecutables {
    public record Paths(Path kubeadm, Path kubectl) {
    }

    private SimulatorExecutables() {
    }

    /**
     * {@code java -cp AGENT_TEST_JAR:AGENT_JAR:AGENT_LIB/* ...SimulatorExecutables DIR}: writes DIR/kubeadm and
     * DIR/kubectl bound to that class path (for deploy scripts; the launcher expands the wildcard).
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: SimulatorExecutables DIRECTORY");
            System.exit(2);
        }
        Paths paths = writeTo(Path.of(args[0]));
        System.out.println(paths.kubeadm());
        System.out.println(paths.kubectl());
    }

    public static Paths writeTo(Path directory) throws IOException {
        return writeTo(directory, System.getProperty("java.class.path"));
    }

    public static Paths writeTo(Path directory, String classPath) throws IOException {
        Files.createDirectories(directory);
        String java = java();
        String absolute = absoluteClassPath(classPath);
        return new Paths(write(directory.resolve("kubeadm"), java, absolute, KubeSimulator.class.getName(), "kubeadm"),
                write(directory.resolve("kubectl"), java, absolute, KubeSimulator.class.getName(), "kubectl"));
    }

    /**
     * Writes {@code file}: a shell script that execs this JVM's java with the current (test) class path and
     * {@code mainClass}, {@code firstArgument} and the script's arguments (another simulator's executable).
     */
    public static Path writeLauncher(Path file, String mainClass, String firstArgument) throws IOException {
        Files.createDirectories(file.getParent());
        return write(file, java(), absoluteClassPath(System.getProperty("java.class.path")), mainClass,
                firstArgument);
    }

    /**
     * This JVM's class path as absolute entries (a surefire manifest-only jar expanded): what a simulator launched
     * elsewhere (a test host that has these paths bound in) needs.
     */
    public static List<String> classPathEntries() throws IOException {
        return List.of(absoluteClassPath(System.getProperty("java.class.path")).split(File.pathSeparator));
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Absolute entries: the agent runs the scripts from its own working directory. */
    private static String absoluteClassPath(String classPath) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.addAll(expandManifestOnlyJar(Path.of(entry).toAbsolutePath()));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Surefire runs tests with a temporary manifest-only jar as the whole class path; the scripts get the entries it
     * names instead, so they keep working after the test JVM (and its temporary jar) is gone.
     */
    private static List<String> expandManifestOnlyJar(Path entry) throws IOException {
        if (!entry.getFileName().toString().startsWith("surefirebooter") || !Files.isRegularFile(entry)) {
            return List.of(entry.toString());
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String named = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (named == null) {
                return List.of(entry.toString());
            }
            List<String> paths = new ArrayList<>();
            for (String url : named.trim().split("\\s+")) {
                paths.add(Path.of(URI.create(url).isAbsolute() ? URI.create(url)
                        : entry.getParent().toUri().resolve(url)).toString());
            }
            return paths;
        }
    }

    private static Path write(Path file, String java, String classPath, String mainClass, String personality)
            throws IOException {
        String script = "#!/bin/sh\n# kubenode test double: " + mainClass + " (" + personality + ")\n"
                + "JAVA=" + quote(java) + "\nCP=" + quote(classPath) + "\n"
                + "exec \"$JAVA\" -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp \"$CP\" "
                + mainClass + " " + personality + " \"$@\"\n";
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
