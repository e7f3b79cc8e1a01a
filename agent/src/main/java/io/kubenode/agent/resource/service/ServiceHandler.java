package io.kubenode.agent.resource.service;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.ServiceSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code service}: a unit enabled or disabled and running or stopped, each left alone when unset. Restarts on
 * notify are the engine's (once per pass, after all sources); this handler tells the pass which units it started
 * so they are not restarted again.
 */
public final class ServiceHandler implements ResourceHandler<ServiceSpec, UnitStatus> {
    private final ServiceManager manager;
    private final ServiceSnapshot snapshot = new ServiceSnapshot();

    public ServiceHandler(ServiceManager manager) {
        this.manager = manager;
    }

    /** Reads every service of the catalog with one command when the pass starts. */
    @Override
    public void prepare(List<ServiceSpec> specs, Host host) {
        snapshot.fill(host, specs.stream().map(ServiceSpec::name).distinct().toList(), manager);
    }

    @Override
    public Class<ServiceSpec> specType() {
        return ServiceSpec.class;
    }

    @Override
    public UnitStatus observe(ServiceSpec spec, Host host) throws HostException {
        if (spec.state() != null && !ServiceSpec.RUNNING.equals(spec.state())
                && !ServiceSpec.STOPPED.equals(spec.state())) {
            throw new HostException(spec.id() + ": state must be " + ServiceSpec.RUNNING + " or "
                    + ServiceSpec.STOPPED + ", not '" + spec.state() + "'");
        }
        Optional<UnitStatus> prepared = snapshot.take(host, spec.name());
        return prepared.isPresent() ? prepared.get() : manager.status(spec.name(), host);
    }

    @Override
    public List<Change> diff(ServiceSpec spec, UnitStatus actual) {
        List<Change> changes = new ArrayList<>();
        if (spec.enabled() != null && !actual.enablementIs(spec.enabled())) {
            changes.add(Change.update(spec.id(), "enabled: " + actual.shownUnitFileState() + " -> "
                    + (spec.enabled() ? "enabled" : "disabled")));
        }
        if (spec.state() != null && !actual.stateIs(spec.state())) {
            changes.add(Change.update(spec.id(), "state: " + actual.activeState() + " -> " + spec.state()));
        }
        return changes;
    }

    /**
     * Reloads systemd first when a unit file changed in this pass, so enable and start see the new unit. A unit
     * not found before is looked up again after that reload; still not found is a failure.
     */
    @Override
    public void apply(ServiceSpec spec, UnitStatus actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        pass.reloadUnitsIfChanged(host);
        UnitStatus status = actual;
        if (status.notFound()) {
            status = manager.status(spec.name(), host);
            if (status.notFound()) {
                throw new HostException(spec.id() + ": unit not found (systemctl show " + spec.name()
                        + ": LoadState=not-found); is its package installed?");
            }
        }
        if (spec.enabled() != null && !status.enablementIs(spec.enabled())) {
            if (spec.enabled()) {
                manager.enable(spec.name(), host);
            } else {
                manager.disable(spec.name(), host);
            }
        }
        if (spec.state() != null && !status.stateIs(spec.state())) {
            if (ServiceSpec.RUNNING.equals(spec.state())) {
                manager.start(spec.name(), host);
                pass.unitStarted(spec.name());
            } else {
                manager.stop(spec.name(), host);
            }
        }
    }
}
