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
 * Debian family: dpkg-query answers what is installed, apt-get installs. Versions are compared on the upstream
 * part (no epoch, no Debian revision): "1.32.2" is satisfied by "1.32.2-1.1".
 *
 * <p>Install: {@code env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends
 * [--allow-downgrades] [--allow-change-held-packages] -- name[=version-*]}. A set {@code repository} means the
 * package is held back on purpose (apt-mark hold, apt's counterpart of dnf's exclude=), so the hold is bypassed
 * for this install. When apt cannot find the package or version, its lists may be stale (a repository file was
 * just written): it runs {@code apt-get update} (at most once per pass) and tries again.
 */
public final class AptProvider implements PackageManager {
    static final String QUERY_FORMAT = "${Package} ${Version} ${db:Status-Status}\\n";
    private static final List<String> APT_GET = List.of("env", "DEBIAN_FRONTEND=noninteractive", "apt-get");
    private static final String NO_MATCH = "no packages found matching";
    private static final List<String> STALE_LISTS = List.of("Unable to locate package", "was not found",
            "has no installation candidate", "Failed to fetch");

    @Override
    public List<String> databaseFiles() {
        return List.of("/var/lib/dpkg/status");
    }

    @Override
    public String queryTool() {
        return "dpkg-query";
    }

    /** {@code dpkg-query -W}: "name version status" per known package; unknown ones only on stderr, exit 1. */
    @Override
    public Map<String, List<String>> installedVersions(List<String> names, Host host) throws HostException {
        if (names.isEmpty()) {
            return Map.of();
        }
        List<String> argv = new ArrayList<>(List.of("dpkg-query", "-W", "-f", QUERY_FORMAT, "--"));
        argv.addAll(names);
        CommandResult result = host.run(argv, DnfProvider.QUERY_TIMEOUT);
        boolean onlyUnknownNames = result.exitCode() == 1 && result.stderr().lines()
                .allMatch(line -> line.isBlank() || line.contains(NO_MATCH));
        if (result.exitCode() != 0 && !onlyUnknownNames) {
            throw HostException.commandFailed(result);
        }
        Map<String, List<String>> installed = new LinkedHashMap<>();
        for (String line : result.stdout().split("\n")) {
            // the version is empty for a package dpkg knows but never installed: "name  not-installed"
            String[] fields = line.split(" ", 3);
            if (fields.length == 3 && fields[2].strip().equals("installed") && !fields[1].isEmpty()) {
                installed.computeIfAbsent(fields[0], key -> new ArrayList<>()).add(fields[1]);
            }
        }
        return installed;
    }

    @Override
    public boolean matches(String wanted, String installed) {
        return installed.equals(wanted) || withoutEpoch(installed).equals(wanted) || upstream(installed).equals(wanted);
    }

    @Override
    public String upstream(String installed) {
        String version = withoutEpoch(installed);
        int revision = version.lastIndexOf('-');
        return revision > 0 ? version.substring(0, revision) : version;
    }

    private static String withoutEpoch(String version) {
        int epoch = version.indexOf(':');
        return epoch >= 0 ? version.substring(epoch + 1) : version;
    }

    @Override
    public void install(PackageSpec spec, PackageState actual, Host host, Pass pass) throws HostException {
        List<String> argv = installArgv(spec);
        CommandResult result = host.run(argv, DnfProvider.INSTALL_TIMEOUT);
        // Once per pass: after one refresh the lists are current for every later install, and a version missing
        // from the repository would otherwise cost a full update per package.
        if (!result.succeeded() && STALE_LISTS.stream().anyMatch(result.stderr()::contains)
                && pass.firstTime("apt-get update")) {
            List<String> update = new ArrayList<>(APT_GET);
            update.addAll(List.of("update", "-q"));
            host.run(update, DnfProvider.INSTALL_TIMEOUT);
            result = host.run(argv, DnfProvider.INSTALL_TIMEOUT);
        }
        if (!result.succeeded()) {
            throw HostException.commandFailed(result);
        }
    }

    static List<String> installArgv(PackageSpec spec) {
        List<String> argv = new ArrayList<>(APT_GET);
        argv.addAll(List.of("install", "-y", "--no-install-recommends"));
        String target = spec.name();
        if (spec.version() != null) {
            argv.add("--allow-downgrades");
            // an upstream version matches any Debian revision; a version with a revision is taken as it is
            target += "=" + spec.version() + (spec.version().contains("-") ? "" : "-*");
        }
        if (spec.repository() != null) {
            argv.add("--allow-change-held-packages");
        }
        // "--": the package is an operand whatever its name
        argv.addAll(List.of("--", target));
        return argv;
    }
}
