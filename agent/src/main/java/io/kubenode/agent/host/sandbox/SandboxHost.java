package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Sandbox mode: a directory treated as a whole machine. Files land under it (/proc/sys, /proc/modules and
 * /proc/swaps are plain files there); commands are never run: each is recorded and its effect simulated under the
 * directory by the first {@link CommandSimulation} that knows it. A command no simulation knows fails, so a
 * sandbox pass can never reach the real machine.
 */
public final class SandboxHost extends LocalHost {
    /** Where simulations keep state that a real machine keeps elsewhere (unit states, installed packages). */
    public static final String STATE_DIR = "/var/lib/kubenode-sandbox";
    static final String OWNERSHIP_FILE = STATE_DIR + "/ownership.properties";

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
        if (attributes.owner() == null && attributes.group() == null) {
            return;
        }
        Path ownership = root().resolve(OWNERSHIP_FILE.substring(1));
        Files.createDirectories(ownership.getParent());
        Properties recordedOwners = loadOwnership(ownership);
        String key = "/" + root().relativize(path);
        String[] previous = recordedOwners.getProperty(key, ":").split(":", -1);
        recordedOwners.setProperty(key, (attributes.owner() != null ? attributes.owner() : previous[0]) + ":"
                + (attributes.group() != null ? attributes.group() : previous[1]));
        try (Writer out = Files.newBufferedWriter(ownership)) {
            recordedOwners.store(out, "sandbox: owner:group requested per host path");
        }
    }

    @Override
    public Optional<FileStat> stat(String hostPath) throws HostException {
        Optional<FileStat> stat = super.stat(hostPath);
        if (stat.isEmpty()) {
            return stat;
        }
        try {
            String recordedOwner = loadOwnership(root().resolve(OWNERSHIP_FILE.substring(1))).getProperty(hostPath);
            if (recordedOwner == null) {
                return stat;
            }
            String[] ownerGroup = recordedOwner.split(":", -1);
            FileStat real = stat.get();
            return Optional.of(new FileStat(real.directory(), real.mode(),
                    ownerGroup[0].isEmpty() ? real.owner() : ownerGroup[0],
                    ownerGroup[1].isEmpty() ? real.group() : ownerGroup[1], real.size()));
        } catch (IOException e) {
            throw new HostException("sandbox: cannot read recorded ownership: " + e.getMessage(), e);
        }
    }

    private static Properties loadOwnership(Path ownership) throws IOException {
        Properties properties = new Properties();
        if (Files.exists(ownership)) {
            try (Reader in = Files.newBufferedReader(ownership)) {
                properties.load(in);
            }
        }
        return properties;
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
