package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.resource.HandlerContext;
import io.kubenode.common.catalog.FirewallSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code firewall:system}: the catalog's ports and protocol rules open in firewalld's runtime AND permanent
 * configuration of one zone (in sync only when both hold them: runtime is what filters now, permanent what the next
 * boot or reload loads). Observed with two calls per pass, changed with batched calls and no reload. Closes only what
 * it opened itself ({@link OpenedRecord}). Mode auto on a host without a running firewalld: in sync, nothing run
 * but a stat of firewall-cmd and, when present, {@code --state}.
 */
public final class FirewallHandler implements ResourceHandler<FirewallSpec, FirewallActual> {
    private final OpenedRecordFile record;

    public FirewallHandler(HandlerContext context) {
        this.record = new OpenedRecordFile(context.stateDir());
    }

    @Override
    public Class<FirewallSpec> specType() {
        return FirewallSpec.class;
    }

    @Override
    public FirewallActual observe(FirewallSpec spec, Host host) throws HostException {
        boolean required = FirewallSpec.FIREWALLD.equals(spec.mode());
        Optional<Firewalld> installed = Firewalld.installed(host);
        if (installed.isEmpty()) {
            if (required) {
                throw new HostException(spec.id() + ": firewalld is not installed (no firewall-cmd in "
                        + Firewalld.BINARIES + ") and the catalog requires it (mode firewalld)");
            }
            return new FirewallActual.NotInstalled();
        }
        Firewalld firewalld = installed.get();
        if (!firewalld.running()) {
            if (required) {
                throw new HostException(spec.id() + ": firewalld is not running (firewall-cmd --state: not running)"
                        + " and the catalog requires it (mode firewalld)");
            }
            return new FirewallActual.NotRunning();
        }
        // the spec's zone, else the zone of the address's interface, else the default zone
        String zone = spec.zone();
        if (zone == null) {
            Optional<String> bound = firewalld.zoneOfAddress(spec.address());
            zone = bound.isPresent() ? bound.get() : firewalld.defaultZone();
        }
        ZoneSettings runtime = firewalld.list(zone, false);
        ZoneSettings permanent = firewalld.list(zone, true);
        OpenedRecord opened = record.read(host);
        List<FirewallActual.Zone> former = new ArrayList<>();
        for (String oldZone : opened.zones().keySet()) {
            if (!oldZone.equals(runtime.zone())) {
                former.add(new FirewallActual.Zone(oldZone, firewalld.itemsIfZoneExists(oldZone, false),
                        firewalld.itemsIfZoneExists(oldZone, true)));
            }
        }
        return new FirewallActual.Running(firewalld, runtime.zone(), runtime, permanent, opened, former);
    }

    @Override
    public List<Change> diff(FirewallSpec spec, FirewallActual actual) {
        if (actual instanceof FirewallActual.Running running) {
            return FirewallPlan.of(spec, running).changes(spec.id());
        }
        return List.of();
    }

    @Override
    public String inSyncNote(FirewallSpec spec, FirewallActual actual) {
        if (actual instanceof FirewallActual.NotInstalled) {
            return "no firewall to open: firewalld is not installed";
        }
        if (actual instanceof FirewallActual.NotRunning) {
            return "no firewall to open: firewalld is not running";
        }
        return null;
    }

    /**
     * Records what it is about to open before opening it (a crash in between leaves an item recorded but closed,
     * which the next pass opens; the other order could leave an open port nobody owns), closes, then records the
     * final state.
     */
    @Override
    public void apply(FirewallSpec spec, FirewallActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        if (!(actual instanceof FirewallActual.Running running)) {
            return;
        }
        FirewallPlan plan = FirewallPlan.of(spec, running);
        OpenedRecord beforeOpening = plan.recordBefore().with(plan.zone(),
                union(plan.recordBefore().runtime(plan.zone()), plan.runtime().add()),
                union(plan.recordBefore().permanent(plan.zone()), plan.permanent().add()));
        if (!beforeOpening.equals(plan.recordBefore())) {
            record.write(host, beforeOpening);
        }
        Firewalld firewalld = running.firewalld();
        firewalld.change(plan.zone(), false, plan.runtime().add(), plan.runtime().remove());
        firewalld.change(plan.zone(), true, plan.permanent().add(), plan.permanent().remove());
        for (FirewallPlan.FormerZone old : plan.former()) {
            firewalld.change(old.zone(), false, Set.of(), old.runtime().remove());
            firewalld.change(old.zone(), true, Set.of(), old.permanent().remove());
        }
        if (!plan.recordAfter().equals(beforeOpening)) {
            record.write(host, plan.recordAfter());
        }
    }

    private static Set<FirewallItem> union(Set<FirewallItem> first, Set<FirewallItem> second) {
        Set<FirewallItem> union = new TreeSet<>(first);
        union.addAll(second);
        return union;
    }
}
