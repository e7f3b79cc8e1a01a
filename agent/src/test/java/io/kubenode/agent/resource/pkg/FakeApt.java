package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Debian host's dpkg database and apt-get in memory, for installs (the test machine has no network and its
 * packages must not change). dpkg-query answers in the real format, which {@code AptRealQueryTest} checks against
 * the real dpkg-query. apt-get refuses to run without DEBIAN_FRONTEND=noninteractive, so a provider that would
 * prompt fails here; with stale lists it cannot locate a package until {@code apt-get update} ran.
 */
final class FakeApt extends LocalHost {
    private final Map<String, String> installed = new TreeMap<>();
    private final Map<String, List<String>> archive = new HashMap<>();
    private final List<List<String>> commands = new ArrayList<>();
    private boolean listsStale;

    FakeApt(Path root) {
        super(root);
    }

    FakeApt installed(String name, String version) {
        installed.put(name, version);
        return this;
    }

    /** Versions ("1.32.2-1.1") the archive offers, oldest first. */
    FakeApt available(String name, String... versions) {
        archive.put(name, List.of(versions));
        return this;
    }

    FakeApt withStaleLists() {
        listsStale = true;
        return this;
    }

    String installedVersion(String name) {
        return installed.get(name);
    }

    List<List<String>> commands() {
        return List.copyOf(commands);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws HostException {
        commands.add(List.copyOf(argv));
        if (argv.get(0).equals("dpkg-query")) {
            return query(argv);
        }
        if (argv.size() > 3 && argv.subList(0, 3).equals(List.of("env", "DEBIAN_FRONTEND=noninteractive",
                "apt-get"))) {
            return aptGet(argv, argv.subList(3, argv.size()));
        }
        throw new HostException(String.join(" ", argv) + ": cannot start: error=2, No such file or directory");
    }

    private CommandResult query(List<String> argv) {
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String name : argv.subList(argv.indexOf("--") + 1, argv.size())) {
            if (installed.containsKey(name)) {
                out.append(name).append(' ').append(installed.get(name)).append(" installed\n");
            } else {
                err.append("dpkg-query: no packages found matching ").append(name).append('\n');
            }
        }
        return result(argv, err.length() == 0 ? 0 : 1, out.toString(), err.toString());
    }

    private CommandResult aptGet(List<String> argv, List<String> args) {
        if (args.get(0).equals("update")) {
            listsStale = false;
            return result(argv, 0, "Reading package lists... Done\n", "");
        }
        for (String target : args.subList(1, args.size())) {
            if (target.startsWith("-")) {
                continue;
            }
            String[] nameVersion = target.split("=", 2);
            String version = listsStale ? null : pick(nameVersion[0], nameVersion.length == 2 ? nameVersion[1] : "*");
            if (version == null && !listsStale && nameVersion.length == 2 && archive.containsKey(nameVersion[0])) {
                return result(argv, 100, "Reading package lists...\n",
                        "E: Version '" + nameVersion[1] + "' for '" + nameVersion[0] + "' was not found\n");
            }
            if (version == null) {
                return result(argv, 100, "Reading package lists...\n",
                        "E: Unable to locate package " + nameVersion[0] + "\n");
            }
            installed.put(nameVersion[0], version);
        }
        return result(argv, 0, "Setting up ...\n", "");
    }

    /** The newest archive version matching apt's version glob ("1.32.2-*"). */
    private String pick(String name, String glob) {
        List<String> versions = archive.getOrDefault(name, List.of());
        String regex = glob.replace(".", "\\.").replace("+", "\\+").replace("*", ".*");
        for (int i = versions.size() - 1; i >= 0; i--) {
            if (versions.get(i).matches(regex)) {
                return versions.get(i);
            }
        }
        return null;
    }

    private static CommandResult result(List<String> argv, int exit, String stdout, String stderr) {
        return new CommandResult(argv, exit, stdout, stderr, Duration.ZERO);
    }
}
