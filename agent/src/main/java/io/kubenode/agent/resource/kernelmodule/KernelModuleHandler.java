package io.kubenode.agent.resource.kernelmodule;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.validation.Patterns;

import java.time.Duration;
import java.util.List;

/**
 * A kernel module loaded now ({@code modprobe -- NAME}). Loading it at boot is a separate modules-load.d file resource
 * compiled by the controller.
 */
public final class KernelModuleHandler implements ResourceHandler<KernelModuleSpec, KernelModuleActual> {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Override
    public Class<KernelModuleSpec> specType() {
        return KernelModuleSpec.class;
    }

    @Override
    public KernelModuleActual observe(KernelModuleSpec spec, Host host) throws HostException {
        // the engine's field checks refuse it first; this keeps the handler safe when used on its own.
        // A name, never an option: "-r" given to modprobe would unload instead of load.
        if (spec.name() == null || !Patterns.KERNEL_MODULE.matcher(spec.name()).matches()) {
            throw new HostException("invalid kernel module name '" + spec.name() + "'");
        }
        return KernelModules.find(spec.name(), host);
    }

    @Override
    public List<Change> diff(KernelModuleSpec spec, KernelModuleActual actual) {
        return actual.loaded() ? List.of() : List.of(Change.create(spec.id(), "(load: modprobe " + spec.name() + ")"));
    }

    @Override
    public void apply(KernelModuleSpec spec, KernelModuleActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        // "--": whatever the name, modprobe never reads it as an option
        host.runChecked(List.of("modprobe", "--", spec.name()), TIMEOUT);
    }
}
