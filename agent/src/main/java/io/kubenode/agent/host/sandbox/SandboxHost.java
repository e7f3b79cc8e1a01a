package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sandbox mode: a directory treated as a whole machine. Files land under it (/proc/sys, /proc/modules and
 * /proc/swaps are plain files there); commands are never run: each is recorded and its effect simulated under the
 * directory by the first {@link CommandSimulation} that knows it. A command no simulation knows fails, so a
 * sandbox pass can never reach the real machine.
 */
public final class SandboxHost extends LocalHost {
    /** Where simulations keep state that a real machine keeps elsewhere (unit states, installed packages). */
    public static final String STATE_DIR = "/var/lib/kubenode-sandbox";
    static final String OWNERSHIP_FILE = STATE_DIR + "/ownership";

    private final List<CommandSimulation> simulations;
    private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());

    public SandboxHost(Path root, List<CommandSimulation> simulations) {
        super(root);
        this.simulations = List.copyOf(simulations);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws HostException {
        recorded.add(String.join(" ", argv));
        for (CommandSimulation simulation : simulations) {
            Optional<CommandResult> result = simulation.simulate(argv, this);
            if (result.isPresent()) {
                return result.get();
            }
        }
        throw new HostException("sandbox: no simulation for " + String.join(" ", argv) + "; not run");
    }

    /**
     * Ownership is recorded (in {@value #OWNERSHIP_FILE} under the root) but not set: a sandbox may run without
     * root. {@link #stat} reports the recorded owner.
     */
    @Override
    protected void applyAttributes(Path path, FileAttributes attributes) throws IOException {
        super.applyAttributes(path, new FileAttributes(attributes.mode(), null, null));
        Path ownership = root().resolve(OWNERSHIP_FILE.substring(1));
        Map<String, String> recordedOwners = loadOwnership(ownership);
        // Atomic writes set attributes on their temporary file: record them for the file it becomes.
        String key = "/" + root().relativize(finalPathOf(path));
        java.nio.file.attribute.PosixFileAttributes real = Files.readAttributes(path,
                java.nio.file.attribute.PosixFileAttributes.class, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        String[] previous = recordedOwners.getOrDefault(key, ":").split(":", -1);
        String owner = firstSet(attributes.owner(), previous[0], real.owner().getName());
        String group = firstSet(attributes.group(), previous[1], real.group().getName());
        // Only what differs from the real owner is recorded, so a sandbox run as root records nothing.
        boolean changed = owner.equals(real.owner().getName()) && group.equals(real.group().getName())
                ? recordedOwners.remove(key) != null
                : !(owner + ":" + group).equals(recordedOwners.put(key, owner + ":" + group));
        if (!changed) {
            return;
        }
        Files.createDirectories(ownership.getParent());
        // Sorted lines and no timestamp: an unchanged sandbox stays byte-identical.
        StringBuilder text = new StringBuilder("# sandbox: owner:group requested per host path\n");
        recordedOwners.forEach((file, ownerGroup) -> text.append(file).append('\t').append(ownerGroup).append('\n'));
        Files.writeString(ownership, text.toString());
    }

    private static String firstSet(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isEmpty()) {
                return candidate;
            }
        }
        return "";
    }

    @Override
    public Optional<FileStat> stat(String hostPath) throws HostException {
        Optional<FileStat> stat = super.stat(hostPath);
        if (stat.isEmpty()) {
            return stat;
        }
        try {
            String recordedOwner = loadOwnership(root().resolve(OWNERSHIP_FILE.substring(1))).get(hostPath);
            if (recordedOwner == null) {
                return stat;
            }
            String[] ownerGroup = recordedOwner.split(":", -1);
            FileStat real = stat.get();
            return Optional.of(new FileStat(real.directory(), real.mode(),
                    ownerGroup[0].isEmpty() ? real.owner() : ownerGroup[0],
                    ownerGroup[1].isEmpty() ? real.group() : ownerGroup[1], real.size(), real.changeStamp()));
        } catch (IOException e) {
            throw new HostException("sandbox: cannot read recorded ownership: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> loadOwnership(Path ownership) throws IOException {
        Map<String, String> owners = new TreeMap<>();
        if (Files.exists(ownership)) {
            for (String line : Files.readAllLines(ownership)) {
                int tab = line.lastIndexOf('\t');
                if (!line.startsWith("#") && tab > 0) {
                    owners.put(line.substring(0, tab), line.substring(tab + 1));
                }
            }
        }
        return owners;
    }

    /** Never reaches the network: writes a stand-in that says what it stands for (recorded as "download URL"). */
    @Override
    public io.kubenode.agent.host.Download download(String url, String expectedSha256, String cacheHostPath)
            throws HostException {
        recorded.add("download " + url + " (sandbox: stand-in written, nothing fetched)");
        return SandboxNetwork.download(this, url, expectedSha256, cacheHostPath);
    }

    @Override
    public io.kubenode.agent.host.ProbeResult probeUnixSocketHttp2(String socketHostPath, Duration timeout)
            throws HostException {
        recorded.add("probe unix://" + socketHostPath + " (sandbox: simulated from the systemctl simulation)");
        return SandboxNetwork.probeSocket(this, socketHostPath);
    }

    @Override
    public io.kubenode.agent.host.ProbeResult probeHttps(String url, String caFileHostPath, Duration timeout) {
        recorded.add("probe " + url + " (sandbox: not contacted, taken as healthy)");
        return SandboxNetwork.probeHttps(url);
    }

    @Override
    public boolean sandbox() {
        return true;
    }

    /** Commands simulated so far, in order; the report lists them. */
    public List<String> recordedCommands() {
        return List.copyOf(recorded);
    }
}
