package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.engine.Change;
import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.cluster.OsFamily;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code package}: installed at the pinned upstream version (any version when unpinned) through the platform's
 * package manager. The package database is read once per pass for every package of the catalog ({@link #prepare}).
 */
public final class PackageHandler implements ResourceHandler<PackageSpec, PackageState> {
    private final PackageManager manager;
    private final PassSnapshot snapshot = new PassSnapshot();

    public PackageHandler(PackageManager manager) {
        this.manager = manager;
    }

    /** dnf/yum with rpm on the RHEL family, apt with dpkg on the Debian family. */
    public static PackageHandler forFamily(OsFamily family) {
        return new PackageHandler(family == OsFamily.DEBIAN ? new AptProvider() : new DnfProvider());
    }

    @Override
    public Class<PackageSpec> specType() {
        return PackageSpec.class;
    }

    @Override
    public void prepare(List<PackageSpec> specs, Host host) {
        snapshot.fill(host, specs.stream().map(PackageSpec::name).distinct().toList(), manager);
    }

    @Override
    public PackageState observe(PackageSpec spec, Host host) throws HostException {
        Optional<PackageState> prepared = snapshot.take(host, spec.name());
        return prepared.isPresent() ? prepared.get() : queryOne(spec.name(), host);
    }

    @Override
    public List<Change> diff(PackageSpec spec, PackageState actual) {
        if (!actual.installed()) {
            return List.of(Change.create(spec.id(), spec.version() == null ? "" : spec.version()));
        }
        if (spec.version() == null || satisfied(spec, actual)) {
            return List.of();
        }
        return List.of(Change.update(spec.id(), shownVersions(actual) + " -> " + spec.version()));
    }

    /** Installs, then reads the database again: a manager that exits 0 without installing is still a failure. */
    @Override
    public void apply(PackageSpec spec, PackageState actual, List<Change> changes, Host host, Pass pass)
            throws HostException {
        snapshot.invalidate();
        manager.install(spec, actual, host, pass);
        PackageState after = queryOne(spec.name(), host);
        if (!after.installed() || (spec.version() != null && !satisfied(spec, after))) {
            throw new HostException("installing " + spec.name() + " reported success but " + manager.queryTool()
                    + " then found " + (after.installed() ? shownVersions(after) : "it not installed")
                    + (spec.version() == null ? "" : "; wanted " + spec.version()));
        }
    }

    private PackageState queryOne(String name, Host host) throws HostException {
        return new PackageState(name, manager.installedVersions(List.of(name), host).getOrDefault(name, List.of()));
    }

    private boolean satisfied(PackageSpec spec, PackageState actual) {
        return actual.versions().stream().anyMatch(installed -> manager.matches(spec.version(), installed));
    }

    private String shownVersions(PackageState actual) {
        return actual.versions().stream().map(manager::upstream).distinct().collect(Collectors.joining(","));
    }
}
