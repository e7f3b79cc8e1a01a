package io.kubenode.agent.host.sandbox;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.FileAttributes;
import io.kubenode.agent.host.HostException;
import io.kubenode.agent.host.LocalHost;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Package managers in sandbox mode: installs are recorded as "name version" lines in {@value #DATABASE} under the
 * root, and {@code rpm -q} / {@code dpkg-query -W} answer from it in the real tools' formats (missing packages
 * included). dnf, yum and apt-get installs record the pinned version, or {@value #UNPINNED} when none is given.
 */
public final class PackageManagerSimulation implements CommandSimulation {
    static final String DATABASE = SandboxHost.STATE_DIR + "/packages";
    static final String UNPINNED = "0-sandbox";
    private static final Set<String> RPM_INSTALL_VERBS = Set.of("install", "update", "upgrade", "downgrade");
    private static final Pattern VERSION_START = Pattern.compile("-(?=\\d)");

    @Override
    public Optional<CommandResult> simulate(List<String> argv, LocalHost root) throws HostException {
        List<String> command = withoutEnv(argv);
        if (command.isEmpty()) {
            return Optional.empty();
        }
        List<String> args = command.subList(1, command.size());
        switch (command.get(0)) {
            case "rpm":
                return args.contains("-q") ? Optional.of(rpmQuery(argv, args, root)) : Optional.empty();
            case "dpkg-query":
                return args.contains("-W") ? Optional.of(dpkgQuery(argv, args, root)) : Optional.empty();
            case "dnf":
            case "yum":
                return rpmInstall(argv, args, root);
            case "apt-get":
                return aptGet(argv, args, root);
            default:
                return Optional.empty();
        }
    }

    /** {@code env VAR=value apt-get ...} is apt-get with an environment. */
    private static List<String> withoutEnv(List<String> argv) {
        int at = 0;
        if (!argv.isEmpty() && argv.get(0).equals("env")) {
            at = 1;
            while (at < argv.size() && argv.get(at).contains("=")) {
                at++;
            }
        }
        return argv.subList(at, argv.size());
    }

    private static CommandResult rpmQuery(List<String> argv, List<String> args, LocalHost root) throws HostException {
        Map<String, String> installed = load(root);
        StringBuilder out = new StringBuilder();
        int missing = 0;
        for (String name : operands(args, Set.of("--queryformat", "--qf"))) {
            if (installed.containsKey(name)) {
                out.append(name).append(' ').append(installed.get(name)).append('\n');
            } else {
                out.append("package ").append(name).append(" is not installed\n");
                missing++;
            }
        }
        return CommandSimulation.exit(argv, missing, out.toString(), "");
    }

    private static CommandResult dpkgQuery(List<String> argv, List<String> args, LocalHost root)
            throws HostException {
        Map<String, String> installed = load(root);
        StringBuilder out = new StringBuilder();
        StringBuilder err = new StringBuilder();
        for (String name : operands(args, Set.of("-f"))) {
            if (installed.containsKey(name)) {
                out.append(name).append(' ').append(installed.get(name)).append(" installed\n");
            } else {
                err.append("dpkg-query: no packages found matching ").append(name).append('\n');
            }
        }
        return CommandSimulation.exit(argv, err.length() == 0 ? 0 : 1, out.toString(), err.toString());
    }

    /** {@code dnf install -y name-1.2.3}: the version starts at the first "-" followed by a digit. */
    private static Optional<CommandResult> rpmInstall(List<String> argv, List<String> args, LocalHost root)
            throws HostException {
        if (args.equals(List.of("--version"))) {
            return Optional.of(CommandSimulation.ok(argv, "4.14.0 (sandbox)\n"));
        }
        List<String> operands = operands(args, Set.of());
        if (operands.isEmpty() || !RPM_INSTALL_VERBS.contains(operands.get(0))) {
            return Optional.empty();
        }
        Map<String, String> installed = load(root);
        for (String target : operands.subList(1, operands.size())) {
            Matcher version = VERSION_START.matcher(target);
            if (version.find()) {
                installed.put(target.substring(0, version.start()), target.substring(version.end()));
            } else {
                installed.put(target, UNPINNED);
            }
        }
        store(root, installed);
        return Optional.of(CommandSimulation.ok(argv, "Complete! (sandbox)\n"));
    }

    /** {@code apt-get install -y name=1.2.3-*}: the version after "=", without apt's trailing glob. */
    private static Optional<CommandResult> aptGet(List<String> argv, List<String> args, LocalHost root)
            throws HostException {
        List<String> operands = operands(args, Set.of());
        if (operands.equals(List.of("update"))) {
            return Optional.of(CommandSimulation.ok(argv, "Reading package lists... Done (sandbox)\n"));
        }
        if (operands.isEmpty() || !operands.get(0).equals("install")) {
            return Optional.empty();
        }
        Map<String, String> installed = load(root);
        for (String target : operands.subList(1, operands.size())) {
            String[] nameVersion = target.split("=", 2);
            installed.put(nameVersion[0], nameVersion.length == 2
                    ? nameVersion[1].replaceFirst("-?\\*$", "") : UNPINNED);
        }
        store(root, installed);
        return Optional.of(CommandSimulation.ok(argv, "Setting up (sandbox)\n"));
    }

    /** The arguments that are not options, skipping the values of the options that take one. */
    private static List<String> operands(List<String> args, Set<String> optionsWithValue) {
        List<String> operands = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (optionsWithValue.contains(args.get(i))) {
                i++;
            } else if (!args.get(i).startsWith("-")) {
                operands.add(args.get(i));
            }
        }
        return operands;
    }

    private static Map<String, String> load(LocalHost root) throws HostException {
        Map<String, String> installed = new TreeMap<>();
        Optional<byte[]> database = root.read(DATABASE);
        if (database.isPresent()) {
            for (String line : new String(database.get(), StandardCharsets.UTF_8).split("\n")) {
                String[] nameVersion = line.strip().split(" ", 2);
                if (nameVersion.length == 2) {
                    installed.put(nameVersion[0], nameVersion[1]);
                }
            }
        }
        return installed;
    }

    private static void store(LocalHost root, Map<String, String> installed) throws HostException {
        StringBuilder lines = new StringBuilder();
        installed.forEach((name, version) -> lines.append(name).append(' ').append(version).append('\n'));
        root.writeAtomically(DATABASE, lines.toString().getBytes(StandardCharsets.UTF_8), FileAttributes.mode("0644"));
    }
}
