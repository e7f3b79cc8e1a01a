package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.engine.Pass;
import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;
import io.kubenode.common.catalog.PackageSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RHEL family: rpm answers what is installed, dnf installs (yum where dnf is absent).
 *
 * <p>dnf: {@code dnf install -y --allowerasing [--disableexcludes=repo] -- name-version}. Given an exact version,
 * dnf install installs that version whatever is there, upgrading or downgrading, so one verb covers missing and
 * mismatched packages. {@code --allowerasing} lets dnf replace a conflicting package the catalog did not ask for
 * (curl-minimal when curl is wanted on EL9); what it removed is in dnf's output. yum has neither behaviour, so it
 * gets install, update or downgrade by comparing versions.
 */
public final class DnfProvider implements PackageManager {
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(60);
    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(15);
    static final String QUERY_FORMAT = "%{NAME} %{VERSION}-%{RELEASE}\\n";
    private static final String NOT_INSTALLED = " is not installed";
    private Host probedHost;
    private boolean dnfPresent;

    @Override
    public List<String> databaseFiles() {
        // EL9 keeps the rpm database in sqlite; EL8 and older in Berkeley DB; newer Fedora under /usr.
        return List.of("/var/lib/rpm/rpmdb.sqlite", "/var/lib/rpm/Packages", "/usr/lib/sysimage/rpm/rpmdb.sqlite");
    }

    @Override
    public String queryTool() {
        return "rpm";
    }

    /** {@code rpm -q}: one line per installed package, "package x is not installed" per missing one. */
    @Override
    public Map<String, List<String>> installedVersions(List<String> names, Host host) throws HostException {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<String> argv = new ArrayList<>(List.of("rpm", "-q", "--queryformat", QUERY_FORMAT, "--"));
        argv.addAll(names);
        CommandResult result = host.run(argv, QUERY_TIMEOUT);
        Map<String, List<String>> installed = new LinkedHashMap<>();
        int missing = 0;
        for (String line : result.stdout().split("\n")) {
            if (line.startsWith("package ") && line.endsWith(NOT_INSTALLED)) {
                missing++;
            } else if (!line.isBlank()) {
                String[] nameVersion = line.strip().split(" ", 2);
                if (nameVersion.length == 2) {
                    installed.computeIfAbsent(nameVersion[0], key -> new ArrayList<>()).add(nameVersion[1]);
                }
            }
        }
        // rpm's exit code counts the missing packages; anything else (a broken rpmdb) is a failure
        if (result.exitCode() != 0 && (missing == 0 || !result.stderr().isBlank())) {
            throw HostException.commandFailed(result);
        }
        return installed;
    }

    /** The wanted version matches VERSION alone (any release) or the whole VERSION-RELEASE. */
    @Override
    public boolean matches(String wanted, String installed) {
        return installed.equals(wanted) || upstream(installed).equals(wanted);
    }

    @Override
    public String upstream(String installed) {
        int release = installed.lastIndexOf('-');
        return release > 0 ? installed.substring(0, release) : installed;
    }

    @Override
    public void install(PackageSpec spec, PackageState actual, Host host, Pass pass) throws HostException {
        String target = spec.version() == null ? spec.name() : spec.name() + "-" + spec.version();
        List<String> argv = new ArrayList<>();
        if (dnfPresent(host)) {
            argv.addAll(List.of("dnf", "install", "-y", "--allowerasing"));
        } else {
            argv.addAll(List.of("yum", yumVerb(spec, actual), "-y"));
        }
        if (spec.repository() != null) {
            argv.add("--disableexcludes=" + spec.repository());
        }
        // "--": the package is an operand whatever its name
        argv.addAll(List.of("--", target));
        host.runChecked(argv, INSTALL_TIMEOUT);
    }

    /** dnf is absent on EL7-era hosts; there yum is the package manager. Asked once per host, not per install. */
    private synchronized boolean dnfPresent(Host host) {
        if (host != probedHost) {
            try {
                dnfPresent = host.run(List.of("dnf", "--version"), QUERY_TIMEOUT).succeeded();
            } catch (HostException e) {
                dnfPresent = false;
            }
            probedHost = host;
        }
        return dnfPresent;
    }

    private String yumVerb(PackageSpec spec, PackageState actual) {
        if (!actual.installed() || spec.version() == null) {
            return "install";
        }
        String installed = upstream(actual.versions().get(0));
        return RpmVersions.compare(installed, spec.version()) > 0 ? "downgrade" : "update";
    }
}
