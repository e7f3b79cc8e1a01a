package io.kubenode.agent.kubeadm.simulator;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.stream.Collectors;

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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // absolute entries: the agent runs the scripts from its own working directory
        String absolute = Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty()).map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(Collectors.joining(File.pathSeparator));
        return new Paths(write(directory.resolve("kubeadm"), java, absolute, "kubeadm"),
                write(directory.resolve("kubectl"), java, absolute, "kubectl"));
    }

    private static Path write(Path file, String java, String classPath, String personality) throws IOException {
        String script = "#!/bin/sh\n# kubenode test double: the kubeadm simulator (" + personality + ")\n"
                + "JAVA=" + quote(java) + "\nCP=" + quote(classPath) + "\n"
                + "exec \"$JAVA\" -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp \"$CP\" "
                + KubeSimulator.class.getName() + " " + personality + " \"$@\"\n";
        Files.writeString(file, script);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }

    private static String quote(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
