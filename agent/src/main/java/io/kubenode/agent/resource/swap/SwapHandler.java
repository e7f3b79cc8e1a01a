package io.kubenode.agent.resource.swap;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.SwapSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Swap off now and across reboots: every active swap turned off, every swap line of /etc/fstab commented out, and
 * systemd's swap units masked where systemd runs. {@code enabled: true} manages nothing: the agent never invents a
 * swap to turn on.
 */
public final class SwapHandler implements ResourceHandler<SwapSpec, SwapActual> {
    /** Moving used pages back into memory can take minutes on a loaded host. */
    private static final Duration SWAPOFF_TIMEOUT = Duration.ofMinutes(10);

    @Override
    public Class<SwapSpec> specType() {
        return SwapSpec.class;
    }

    @Override
    public SwapActual observe(SwapSpec spec, Host host) throws HostException {
        if (spec.enabled()) {
            return new SwapActual(List.of(), List.of(), List.of());
        }
        // a kernel built without swap support has no /proc/swaps: nothing can be active
        List<String> active = readText(ProcSwaps.PATH, host).map(ProcSwaps::activeSwaps).orElse(List.of());
        List<String> fstab = readText(Fstab.PATH, host).map(Fstab::swapLines).orElse(List.of());
        return new SwapActual(active, fstab, SystemdSwapUnits.unmasked(host));
    }

    @Override
    public List<Change> diff(SwapSpec spec, SwapActual actual) {
        if (spec.enabled()) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>();
        actual.active().forEach(swap -> changes.add(Change.update(spec.id(), "active swap " + swap + " -> off")));
        actual.fstabLines().forEach(line -> changes.add(Change.update(spec.id(), Fstab.PATH + ": disable '"
                + line.strip() + "'")));
        actual.unmaskedUnits().forEach(unit -> changes.add(Change.update(spec.id(), "mask systemd unit " + unit)));
        return changes;
    }

    @Override
    public void apply(SwapSpec spec, SwapActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        for (String swap : actual.active()) {
            host.runChecked(List.of("swapoff", swap), SWAPOFF_TIMEOUT);
        }
        if (!actual.fstabLines().isEmpty()) {
            disableInFstab(host);
        }
        for (String unit : actual.unmaskedUnits()) {
            SystemdSwapUnits.mask(unit, host);
        }
    }

    @Override
    public List<String> writes(SwapSpec spec) {
        return spec.enabled() ? List.of() : List.of(Fstab.PATH);
    }

    /** Re-reads the file so a line someone added since observe is not lost; keeps mode and owner. */
    private static void disableInFstab(Host host) throws HostException {
        Optional<String> fstab = readText(Fstab.PATH, host);
        if (fstab.isEmpty()) {
            return;
        }
        String disabled = Fstab.disableSwapLines(fstab.get());
        if (!disabled.equals(fstab.get())) {
            host.writeAtomically(Fstab.PATH, disabled.getBytes(StandardCharsets.UTF_8),
                    new FileAttributes(null, null, null));
        }
    }

    private static Optional<String> readText(String path, Host host) throws HostException {
        return host.read(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
