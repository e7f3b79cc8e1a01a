package io.kubenode.agent.resource.hostname;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.HostnameSpec;
import io.kubenode.common.validation.Patterns;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The host name now (written to /proc/sys/kernel/hostname, as sethostname(2) does, per UTS namespace) and at boot
 * (/etc/hostname, replaced atomically). Same effect as {@code hostnamectl set-hostname}, without needing systemd.
 */
public final class HostnameHandler implements ResourceHandler<HostnameSpec, HostnameActual> {
    static final String RUNTIME = "/proc/sys/kernel/hostname";
    static final String PERSISTED = "/etc/hostname";

    @Override
    public Class<HostnameSpec> specType() {
        return HostnameSpec.class;
    }

    @Override
    public HostnameActual observe(HostnameSpec spec, Host host) throws HostException {
        String name = spec.hostname();
        if (!Patterns.isHostname(name)) {
            throw new HostException("invalid host name '" + name + "' (a DNS-1123 name of at most "
                    + Patterns.HOSTNAME_MAX_LENGTH + " characters)");
        }
        Optional<String> runtime = readText(RUNTIME, host).map(String::strip);
        if (runtime.isEmpty() && !host.sandbox()) {
            throw new HostException("cannot read the running host name: " + RUNTIME + " does not exist");
        }
        return new HostnameActual(runtime.orElse(null), readText(PERSISTED, host).map(HostnameHandler::nameIn)
                .orElse(null));
    }

    @Override
    public List<Change> diff(HostnameSpec spec, HostnameActual actual) {
        List<Change> changes = new ArrayList<>();
        if (!spec.hostname().equals(actual.runtime())) {
            changes.add(Change.update(spec.id(), "runtime " + (actual.runtime() == null ? "(unknown)"
                    : actual.runtime()) + " -> " + spec.hostname()));
        }
        if (actual.persisted() == null) {
            changes.add(Change.create(spec.id(), PERSISTED + " " + spec.hostname()));
        } else if (!spec.hostname().equals(actual.persisted())) {
            changes.add(Change.update(spec.id(), PERSISTED + " " + actual.persisted() + " -> " + spec.hostname()));
        }
        return changes;
    }

    @Override
    public void apply(HostnameSpec spec, HostnameActual actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        byte[] name = spec.hostname().getBytes(StandardCharsets.US_ASCII);
        if (!spec.hostname().equals(actual.runtime())) {
            if (actual.runtime() == null) {
                // sandbox root: the file stands in for the kernel's
                host.writeAtomically(RUNTIME, name, FileAttributes.mode("0644"));
            } else {
                host.writeInPlace(RUNTIME, name);
            }
        }
        if (!spec.hostname().equals(actual.persisted())) {
            host.writeAtomically(PERSISTED, (spec.hostname() + "\n").getBytes(StandardCharsets.US_ASCII),
                    new FileAttributes(null, null, null));
        }
    }

    @Override
    public List<String> writes(HostnameSpec spec) {
        return List.of(PERSISTED);
    }

    /** The first line that is not blank or a comment, as systemd reads the file. */
    private static String nameIn(String file) {
        for (String line : file.split("\n")) {
            String stripped = line.strip();
            if (!stripped.isEmpty() && !stripped.startsWith("#")) {
                return stripped;
            }
        }
        return null;
    }

    private static Optional<String> readText(String path, Host host) throws HostException {
        return host.read(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
