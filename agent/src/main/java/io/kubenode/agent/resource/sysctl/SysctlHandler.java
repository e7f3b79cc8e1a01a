package io.kubenode.agent.resource.sysctl;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.SysctlSpec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The runtime value of a kernel parameter, read from and written to /proc/sys. Persistence across reboots is a
 * separate file resource (/etc/sysctl.d) compiled by the controller.
 */
public final class SysctlHandler implements ResourceHandler<SysctlSpec, SysctlActual> {

    @Override
    public Class<SysctlSpec> specType() {
        return SysctlSpec.class;
    }

    @Override
    public SysctlActual observe(SysctlSpec spec, Host host) throws HostException {
        String path = SysctlKey.procPath(spec.key());
        if (spec.value() == null) {
            throw new HostException("sysctl " + spec.key() + " has no value");
        }
        Optional<byte[]> current = host.read(path);
        if (current.isEmpty()) {
            if (!host.sandbox()) {
                // /proc/sys has every key the running kernel knows; net.bridge.* appear only with br_netfilter
                throw new HostException("unknown sysctl key (is the module loaded?): " + spec.key() + " (" + path
                        + " does not exist)");
            }
            return new SysctlActual(path, null);
        }
        return new SysctlActual(path, SysctlKey.normalized(new String(current.get(), StandardCharsets.UTF_8)));
    }

    @Override
    public List<Change> diff(SysctlSpec spec, SysctlActual actual) {
        String desired = SysctlKey.normalized(spec.value());
        if (desired.equals(actual.value())) {
            return List.of();
        }
        return List.of(Change.update(spec.id(), (actual.value() == null ? "(unknown)" : actual.value()) + " -> "
                + desired));
    }

    @Override
    public void apply(SysctlSpec spec, SysctlActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        byte[] value = (spec.value().strip() + "\n").getBytes(StandardCharsets.UTF_8);
        if (actual.value() == null && host.sandbox()) {
            // a sandbox root starts empty: the file stands in for the kernel's, so create it
            host.writeAtomically(actual.path(), value, FileAttributes.mode("0644"));
            return;
        }
        host.writeInPlace(actual.path(), value);
    }
}
