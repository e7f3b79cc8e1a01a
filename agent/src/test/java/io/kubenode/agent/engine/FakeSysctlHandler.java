package io.kubenode.agent.engine;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.SysctlSpec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A scripted handler for engine tests: values live in memory; keys starting with "fail." fail on apply, keys
 * starting with "wait." are not ready. Records the order in which resources were applied.
 */
class FakeSysctlHandler implements ResourceHandler<SysctlSpec, String> {
    final Map<String, String> values = new HashMap<>();
    final List<String> applied = new ArrayList<>();

    @Override
    public Class<SysctlSpec> specType() {
        return SysctlSpec.class;
    }

    @Override
    public String observe(SysctlSpec spec, Host host) throws NotReadyException {
        if (spec.key().startsWith("wait.")) {
            throw new NotReadyException(spec.key() + " is still starting");
        }
        return values.get(spec.key());
    }

    @Override
    public List<Change> diff(SysctlSpec spec, String actual) {
        return spec.value().equals(actual) ? List.of() : List.of(Change.update(spec.id(), actual + " -> "
                + spec.value()));
    }

    @Override
    public void apply(SysctlSpec spec, String actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        if (spec.key().startsWith("fail.")) {
            throw new HostException("modprobe " + spec.key() + " exited 1: FATAL: Module not found");
        }
        applied.add(spec.id());
        values.put(spec.key(), spec.value());
    }

    @Override
    public List<String> writes(SysctlSpec spec) {
        return spec.key().startsWith("path.") ? List.of("/" + spec.key().substring(5).replace('.', '/'))
                : List.of();
    }
}
