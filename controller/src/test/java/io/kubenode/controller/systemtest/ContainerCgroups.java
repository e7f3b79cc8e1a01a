package io.kubenode.controller.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A cgroup of its own for one container, in each hierarchy a container's systemd manages (the named
 * {@code name=systemd} v1 hierarchy and the unified v2 one). Without it every nspawn started with
 * {@code --keep-unit} from the same process lands in the same cgroup and puts its container in the same
 * {@code payload/} below it: the containers' systemds then share {@code system.slice/dbus.service} and every other
 * unit's cgroup (one container's systemd removes a cgroup another's is attaching to: parallel boots ended
 * degraded with "Failed to attach to cgroup ... No such file or directory", seen here). nspawn is moved in before it starts
 * (it places itself and the container relative to its own cgroup); the whole tree is removed after it exits.
 */
final class ContainerCgroups {
    private static final String PARENT = "kubenode-nspawn";

    private final List<Path> dirs;

    private ContainerCgroups(List<Path> dirs) {
        this.dirs = dirs;
    }

    /** The cgroup directories for {@code machine} below this process's own cgroup in each managed hierarchy. */
    static ContainerCgroups forMachine(String machine) throws IOException {
        List<Path> dirs = new ArrayList<>();
        List<String> mounts = Files.readAllLines(Path.of("/proc/self/mounts"));
        for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
            String[] fields = line.split(":", 3);
            boolean unified = fields[0].equals("0") && fields[1].isEmpty();
            boolean named = fields[1].equals("name=systemd");
            if (unified || named) {
                Path mount = mountPoint(mounts, unified);
                dirs.add(mount.resolve(fields[2].substring(1)).resolve(PARENT).resolve(machine));
            }
        }
        if (dirs.isEmpty()) {
            throw new AssertionError("no systemd or unified cgroup hierarchy in /proc/self/cgroup");
        }
        return new ContainerCgroups(dirs);
    }

    /**
     * {@code argv} started inside these cgroups: a fixed shell program writes its own PID into each
     * {@code cgroup.procs} given as an argument, then execs the rest (no argument is ever part of the program).
     */
    List<String> wrap(List<String> argv) {
        List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c",
                "for d; do [ \"$d\" = -- ] && break; echo $$ >\"$d/cgroup.procs\" || exit 125; shift; done; shift; "
                        + "exec \"$@\"", "nspawn-in-cgroup"));
        dirs.forEach(dir -> wrapped.add(dir.toString()));
        wrapped.add("--");
        wrapped.addAll(argv);
        return wrapped;
    }

    /** Empty cgroups, made fresh: what a previous boot's systemd left below them is removed first. */
    void recreate() throws IOException, InterruptedException {
        remove();
        for (Path dir : dirs) {
            Files.createDirectories(dir);
        }
    }

    /**
     * Removes the cgroups and everything below them; a cgroup whose last process is still being reaped is retried
     * for up to 5 s, then the failure is thrown. Idempotent.
     */
    void remove() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                removeOnce();
                return;
            } catch (IOException busy) {
                if (System.nanoTime() > deadline) {
                    throw busy;
                }
                Thread.sleep(100);
            }
        }
    }

    private void removeOnce() throws IOException {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            List<Path> deepestFirst;
            try (Stream<Path> tree = Files.walk(dir)) {
                deepestFirst = tree.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList();
            }
            for (Path cgroup : deepestFirst) {
                Files.delete(cgroup);
            }
        }
    }

    List<Path> directories() {
        return dirs;
    }

    private static Path mountPoint(List<String> mounts, boolean unified) {
        return mounts.stream().map(line -> line.split(" "))
                .filter(f -> unified ? f[2].equals("cgroup2")
                        : f[2].equals("cgroup") && List.of(f[3].split(",")).contains("name=systemd"))
                .map(f -> Path.of(f[1])).findFirst()
                .orElseThrow(() -> new AssertionError("no " + (unified ? "cgroup2" : "name=systemd") + " mount"));
    }
}
