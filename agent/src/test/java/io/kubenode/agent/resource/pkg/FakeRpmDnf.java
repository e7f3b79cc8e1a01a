package io.kubenode.agent.resource.pkg;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A RHEL host's rpm database and dnf (or yum) in memory, for what real dnf on the Debian test machine cannot show
 * (controller's RealDnfProviderIT runs the provider against Debian's real dnf 4 and rpm): EL7's yum (no dnf, update
 * and downgrade verbs, exit 0 for a missing package), a damaged rpm database, several packages of a pass in one
 * command log, and unit-test speed. Speaks the real tools' output formats and exit codes, as RealDnfProviderIT saw
 * them: {@code rpm -q} prints "package x is not installed" and exits with the number missing; dnf exits 1 with
 * "Error: Unable to find a match: X" on stderr, after "No match for argument: X" (unknown) or "All matches were
 * filtered out by exclude filtering for argument: X" (excluded, unless {@code --disableexcludes} names its
 * repository) on stdout. Every command is recorded.
 */
final class FakeRpmDnf extends LocalHost {
    private final Map<String, String> installed = new TreeMap<>();
    private final Map<String, List<String>> repository = new HashMap<>();
    private final Map<String, String> excludedBy = new HashMap<>();
    private final List<List<String>> commands = new ArrayList<>();
    private boolean dnfPresent = true;
    private boolean yumSkipsMissing;
    private String rpmdbError;

    FakeRpmDnf(Path root) {
        super(root);
    }

    FakeRpmDnf installed(String name, String versionRelease) {
        installed.put(name, versionRelease);
        return this;
    }

    /** Versions ("1.32.2-150500.1.1") the configured repositories offer for a package. */
    FakeRpmDnf available(String name, String... versionReleases) {
        repository.put(name, List.of(versionReleases));
        return this;
    }

    /** The repository's exclude= list holds this package back. */
    FakeRpmDnf excludedBy(String repositoryId, String name) {
        excludedBy.put(name, repositoryId);
        return this;
    }

    /** An EL7 host: no dnf; yum with skip_missing_names_on_install (exits 0 for a package it cannot find). */
    FakeRpmDnf withoutDnf() {
        dnfPresent = false;
        yumSkipsMissing = true;
        return this;
    }

    FakeRpmDnf brokenRpmdb(String error) {
        rpmdbError = error;
        return this;
    }

    String installedVersion(String name) {
        return installed.get(name);
    }

    List<List<String>> commands() {
        return List.copyOf(commands);
    }

    long count(String program) {
        return commands.stream().filter(argv -> argv.get(0).equals(program)).count();
    }

    void forgetCommands() {
        commands.clear();
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws HostException {
        commands.add(List.copyOf(argv));
        String program = argv.get(0);
        if (program.equals("rpm") && argv.get(1).equals("-q")) {
            return rpmQuery(argv);
        }
        if (program.equals("dnf") && dnfPresent) {
            return argv.get(1).equals("--version") ? result(argv, 0, "4.14.0\n", "") : install(argv);
        }
        if (program.equals("yum")) {
            return install(argv);
        }
        // what LocalHost reports for a program that is not there
        throw new HostException(String.join(" ", argv) + ": cannot start: error=2, No such file or directory");
    }

    private CommandResult rpmQuery(List<String> argv) {
        if (rpmdbError != null) {
            return result(argv, 1, "", rpmdbError + "\n");
        }
        StringBuilder out = new StringBuilder();
        int missing = 0;
        for (String name : argv.subList(argv.indexOf("--") + 1, argv.size())) {
            if (installed.containsKey(name)) {
                out.append(name).append(' ').append(installed.get(name)).append('\n');
            } else {
                out.append("package ").append(name).append(" is not installed\n");
                missing++;
            }
        }
        return result(argv, missing, out.toString(), "");
    }

    private CommandResult install(List<String> argv) {
        Set<String> disabledExcludes = new HashSet<>();
        List<String> targets = new ArrayList<>();
        for (String arg : argv.subList(2, argv.size())) {
            if (arg.startsWith("--disableexcludes=")) {
                disabledExcludes.add(arg.substring("--disableexcludes=".length()));
            } else if (!arg.startsWith("-")) {
                targets.add(arg);
            }
        }
        StringBuilder out = new StringBuilder();
        for (String target : targets) {
            String[] resolved = resolve(target, disabledExcludes);
            if (resolved == null && yumSkipsMissing && argv.get(0).equals("yum")) {
                out.append("No package ").append(target).append(" available.\n");
            } else if (resolved == null) {
                String why = resolve(target, allRepositories()) != null
                        ? "All matches were filtered out by exclude filtering for argument: " : "No match for argument: ";
                return result(argv, 1, why + target + "\n", "Error: Unable to find a match: " + target + "\n");
            } else {
                installed.put(resolved[0], resolved[1]);
                out.append("Installed: ").append(resolved[0]).append('-').append(resolved[1]).append('\n');
            }
        }
        return result(argv, 0, out + "Complete!\n", "");
    }

    private Set<String> allRepositories() {
        return new HashSet<>(excludedBy.values());
    }

    /** dnf's reading of "name" or "name-version[-release]": the newest matching version, unless excluded. */
    private String[] resolve(String target, Set<String> disabledExcludes) {
        for (Map.Entry<String, List<String>> offered : repository.entrySet()) {
            String name = offered.getKey();
            String excluder = excludedBy.get(name);
            if (excluder != null && !disabledExcludes.contains(excluder)) {
                continue;
            }
            for (int i = offered.getValue().size() - 1; i >= 0; i--) {
                String versionRelease = offered.getValue().get(i);
                String version = versionRelease.substring(0, versionRelease.lastIndexOf('-'));
                if (target.equals(name) || target.equals(name + "-" + version)
                        || target.equals(name + "-" + versionRelease)) {
                    return new String[] {name, versionRelease};
                }
            }
        }
        return null;
    }

    private static CommandResult result(List<String> argv, int exit, String stdout, String stderr) {
        return new CommandResult(argv, exit, stdout, stderr, Duration.ZERO);
    }
}
