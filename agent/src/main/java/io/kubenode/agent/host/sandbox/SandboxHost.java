package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.FileStat;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.DirectProbe;
import io.kubenode.agent.host.EtcdGatewayAnswer;
import io.kubenode.agent.host.LocalHost;
import io.kubenode.agent.host.PemTrust;
import io.kubenode.agent.host.ProbeResult;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sandbox mode: a directory treated as a whole machine. Files land under it (/proc/sys, /proc/modules and
 * /proc/swaps are plain files there); commands are never run: each is recorded and its effect simulated under the
 * directory by the first {@link CommandSimulation} that knows it. A command no simulation knows fails, so a
 * sandbox pass can never reach the real machine. kubeadm and kubectl, when given a simulator executable
 * ({@link SandboxSimulators}), are run through it instead, working under the same root.
 */
public final class SandboxHost extends LocalHost {
    /** Where simulations keep state that a real machine keeps elsewhere (unit states, installed packages). */
    public static final String STATE_DIR = "/var/lib/kubenode-sandbox";
    static final String OWNERSHIP_FILE = STATE_DIR + "/ownership";
    /** systemd's default start timeout. */
    private static final Duration UNIT_TIMEOUT = Duration.ofSeconds(90);

    private final List<CommandSimulation> simulations;
    private final List<String> recorded = Collections.synchronizedList(new ArrayList<>());
    private final RecordedOwnership ownership;
    private final SandboxSimulators simulators;
    private final SandboxResolver resolver;

    public SandboxHost(Path root, List<CommandSimulation> simulations) {
        this(root, simulations, SandboxSimulators.none());
    }

    /** A sandbox that runs kubeadm and kubectl through {@code simulators}' executables, probes for real. */
    public SandboxHost(Path root, List<CommandSimulation> simulations, SandboxSimulators simulators) {
        super(root);
        this.simulations = List.copyOf(simulations);
        this.ownership = new RecordedOwnership(root().resolve(OWNERSHIP_FILE.substring(1)));
        this.simulators = simulators;
        this.resolver = new SandboxResolver(this, simulators.loopback());
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws HostException {
        Optional<Path> simulator = argv.isEmpty() ? Optional.empty() : simulators.executableFor(argv.get(0));
        if (simulator.isPresent()) {
            return runSimulator(argv, simulator.get(), timeout);
        }
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
     * A real process: the simulator with the command's arguments, told where the sandbox machine is; the same
     * timeout and process-group kill as any command. Recorded as simulated: the real command never ran.
     */
    private CommandResult runSimulator(List<String> argv, Path simulator, Duration timeout) throws HostException {
        recorded.add(String.join(" ", argv) + " (sandbox: run by the simulator " + simulator + ")");
        List<String> launched = new ArrayList<>();
        launched.add(simulator.toString());
        launched.addAll(argv.subList(1, argv.size()));
        Map<String, String> environment = Map.of(SandboxSimulators.ROOT_VARIABLE, root().toString(),
                SandboxSimulators.LOOPBACK_VARIABLE, simulators.loopback().getHostAddress());
        CommandResult result = runProcess(launched, environment, timeout);
        // Reported as the command the catalog asked for, so messages read the same as on a real node.
        return new CommandResult(argv, result.exitCode(), result.stdout(), result.stderr(), result.took(),
                result.outputTail());
    }

    /** The executable acting on {@code unit}'s simulated starts, stops and restarts, if any. */
    Optional<Path> unitSimulatorFor(String unit) {
        return simulators.unitSimulatorFor(unit);
    }

    /**
     * A real process acting on a simulated unit change: {@code simulator ACTION UNIT} (start, stop or restart), told
     * where the sandbox machine is, with systemd's default start timeout.
     */
    CommandResult runUnitSimulator(Path simulator, String action, String unit) throws HostException {
        recorded.add(unit + " " + action + " (sandbox: acted on by the unit simulator " + simulator + ")");
        return runProcess(List.of(simulator.toString(), action, unit), Map.of(SandboxSimulators.ROOT_VARIABLE,
                root().toString(), SandboxSimulators.LOOPBACK_VARIABLE, simulators.loopback().getHostAddress()),
                UNIT_TIMEOUT);
    }

    /** A validator runs only through a simulator: a catalog being tried out never runs programs on the machine. */
    @Override
    public boolean runsValidator(List<String> argv) {
        return !argv.isEmpty() && simulators.executableFor(argv.get(0)).isPresent();
    }

    /**
     * Ownership is recorded (in {@value #OWNERSHIP_FILE} under the root) but not set: a sandbox may run without
     * root. {@link #stat} reports the recorded owner.
     */
    @Override
    protected void applyAttributes(Path path, FileAttributes attributes) throws IOException {
        super.applyAttributes(path, new FileAttributes(attributes.mode(), null, null));
        PosixFileAttributes real = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        // Atomic writes set attributes on their temporary file: record them for the file it becomes.
        ownership.record("/" + root().relativize(finalPathOf(path)), attributes.owner(), attributes.group(),
                real.owner().getName(), real.group().getName());
    }

    @Override
    public Optional<FileStat> stat(String hostPath) throws HostException {
        Optional<FileStat> stat = super.stat(hostPath);
        if (stat.isEmpty()) {
            return stat;
        }
        try {
            String recordedOwner = ownership.get(realPath(hostPath));
            if (recordedOwner == null) {
                return stat;
            }
            String[] ownerGroup = recordedOwner.split(":", -1);
            FileStat real = stat.get();
            return Optional.of(new FileStat(real.directory(), real.mode(),
                    ownerGroup[0].isEmpty() ? real.owner() : ownerGroup[0],
                    ownerGroup[1].isEmpty() ? real.group() : ownerGroup[1], real.size(), real.changeStamp(),
                    real.modified()));
        } catch (IOException e) {
            throw new HostException("sandbox: cannot read recorded ownership: " + e.getMessage(), e);
        }
    }

    /** Never reaches the network: writes a stand-in that says what it stands for (recorded as "download URL"). */
    @Override
    public io.kubenode.agent.host.Download download(String url, String expectedSha256, String cacheHostPath,
                                                    long maxBytes) throws HostException {
        recorded.add("download " + url + " (sandbox: stand-in written, nothing fetched)");
        return SandboxNetwork.download(this, url, expectedSha256, cacheHostPath);
    }

    @Override
    public ProbeResult probeUnixSocketHttp2(String socketHostPath, Duration timeout)
            throws HostException {
        recorded.add("probe unix://" + socketHostPath + " (sandbox: simulated from the systemctl simulation)");
        return SandboxNetwork.probeSocket(this, socketHostPath);
    }

    /**
     * With a haproxy unit simulator a real haproxy serves the stats socket under the root: the probe is real. Without
     * one, as the CRI socket probe, healthy when the systemctl simulation runs haproxy.service.
     */
    @Override
    public ProbeResult probeHaproxyServer(String socketHostPath, String backend, String server, Duration timeout)
            throws HostException {
        if (unitSimulatorFor("haproxy").isPresent()) {
            return super.probeHaproxyServer(socketHostPath, backend, server, timeout);
        }
        recorded.add("probe haproxy " + backend + "/" + server + " on unix://" + socketHostPath
                + " (sandbox: simulated from the systemctl simulation)");
        return SandboxNetwork.probeSocket(this, socketHostPath);
    }

    /**
     * Without a simulator nothing serves the URL, so it is taken as healthy. With one, the simulated components really
     * listen: the probe is real, connecting where {@link SandboxResolver} says and verifying TLS as the URL's host.
     */
    @Override
    public ProbeResult probeHttps(String url, String caFileHostPath, Duration timeout) throws HostException {
        if (!simulators.any()) {
            recorded.add("probe " + url + " (sandbox: not contacted, taken as healthy)");
            return SandboxNetwork.probeHttps(url);
        }
        URI uri = URI.create(url);
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new HostException("an https probe needs an https URL with a host: " + url);
        }
        Optional<InetAddress> address = resolver.addressOf(uri);
        if (address.isEmpty()) {
            return ProbeResult.unhealthy(url + ": " + uri.getHost() + " is not in the sandbox's /etc/hosts");
        }
        if (caFileHostPath == null) {
            return ProbeResult.unhealthy(url + ": a sandbox probe needs a CA file (the JDK trust store is not used)");
        }
        Optional<byte[]> ca = read(caFileHostPath);
        if (ca.isEmpty()) {
            return ProbeResult.unhealthy("CA file " + caFileHostPath + " does not exist (yet)");
        }
        SSLContext tls = PemTrust.trusting(ca.get(), caFileHostPath);
        return DirectProbe.probe(url, address.get(), tls, caFileHostPath, timeout);
    }

    @Override
    public ProbeResult probeHttp(String url, Duration timeout) throws HostException {
        URI uri = DirectProbe.httpUri(url);
        if (!simulators.any()) {
            recorded.add("probe " + url + " (sandbox: not contacted, taken as healthy)");
            return SandboxNetwork.probeHttps(url);
        }
        Optional<InetAddress> address = resolver.addressOf(uri);
        if (address.isEmpty()) {
            return ProbeResult.unhealthy(url + ": " + uri.getHost() + " is not in the sandbox's /etc/hosts");
        }
        return DirectProbe.probe(url, address.get(), null, null, timeout);
    }

    /**
     * Real: the certificates are read under the root, so only an etcd that trusts the sandbox's own etcd CA (the
     * kubeadm simulator's members) accepts the call. Recorded, so the report shows that the network was used.
     */
    @Override
    public EtcdGatewayAnswer etcdGateway(String endpoint, String path, String jsonBody, String caFile,
                                         String certFile, String keyFile, Duration timeout) throws HostException {
        recorded.add("etcd POST " + endpoint + path + " (sandbox: real network, certificates under the root)");
        return super.etcdGateway(endpoint, path, jsonBody, caFile, certFile, keyFile, timeout);
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
