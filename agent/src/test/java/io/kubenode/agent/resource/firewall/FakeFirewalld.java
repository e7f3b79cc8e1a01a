package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.LocalHost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Stands in for firewall-cmd in unit tests (the real firewalld runs in FirewalldIT): one zone "public" with a
 * runtime and a permanent set of ports and rich rules, answering with firewalld 1.3.3's texts and exit codes as
 * captured (252 not running, "no zone" exit 2, one kind of option per call). Files are read under the root; every
 * command is recorded.
 */
final class FakeFirewalld extends LocalHost {
    final Set<String> runtimePorts = new LinkedHashSet<>();
    final Set<String> permanentPorts = new LinkedHashSet<>();
    final Set<String> runtimeRules = new LinkedHashSet<>();
    final Set<String> permanentRules = new LinkedHashSet<>();
    boolean running = true;
    private final List<List<String>> commands = new ArrayList<>();

    FakeFirewalld(Path root) throws IOException {
        super(root);
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/firewall-cmd"), "#!/bin/sh\n");
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        commands.add(List.copyOf(argv));
        if (argv.get(0).equals("ip")) {
            return ok(argv, "2: eth0    inet 192.0.2.61/24 brd 192.0.2.255 scope global eth0\\       valid_lft "
                    + "forever preferred_lft forever\n");
        }
        if (!running) {
            return new CommandResult(argv, 252, "", argv.contains("--state") ? "not running\n"
                    : "FirewallD is not running\n", Duration.ZERO);
        }
        List<String> options = argv.subList(1, argv.size());
        if (options.equals(List.of("--state"))) {
            return ok(argv, "running\n");
        }
        if (options.get(0).startsWith("--get-zone-of-interface=")) {
            return new CommandResult(argv, 2, "", "no zone\n", Duration.ZERO);
        }
        if (options.get(0).startsWith("--info-service=")) {
            String service = options.get(0).substring("--info-service=".length());
            String ports = service.equals("ssh") ? "22/tcp" : service.equals("dhcpv6-client") ? "546/udp" : null;
            return ports == null ? new CommandResult(argv, 101, "", "Error: INVALID_SERVICE: " + service + "\n",
                    Duration.ZERO) : ok(argv, service + "\n  ports: " + ports + "\n  protocols: \n  source-ports: \n"
                    + "  modules: \n  destination: \n  includes: \n  helpers: \n");
        }
        if (options.equals(List.of("--get-default-zone"))) {
            return ok(argv, "public\n");
        }
        if (options.contains("--list-all") && options.stream().noneMatch(option -> option.startsWith("--zone="))) {
            // what firewalld 1.3.3 prints before the listing when another zone is active (FirewalldIT)
            return ok(argv, "You're performing an operation over default zone ('public'),\nbut your "
                    + "connections/interfaces are in zone 'internal' (see --get-active-zones)\nYou most likely need "
                    + "to use --zone=internal option.\n\n" + listAll(runtimePorts, runtimeRules));
        }
        if (options.contains("--zone=gone")) {
            return new CommandResult(argv, 112, "", "Error: INVALID_ZONE: gone\n", Duration.ZERO);
        }
        boolean permanent = options.contains("--permanent");
        if (options.contains("--list-all")) {
            return ok(argv, listAll(permanent ? permanentPorts : runtimePorts, permanent ? permanentRules
                    : runtimeRules));
        }
        Set<String> kinds = new TreeSet<>();
        StringBuilder warnings = new StringBuilder();
        for (String option : options) {
            if (option.startsWith("--add-") || option.startsWith("--remove-")) {
                String kind = option.substring(0, option.indexOf('='));
                kinds.add(kind);
                String value = option.substring(option.indexOf('=') + 1);
                Set<String> target = kind.endsWith("-port") ? (permanent ? permanentPorts : runtimePorts)
                        : (permanent ? permanentRules : runtimeRules);
                if (value.startsWith("99999")) {
                    warnings.append("Warning: INVALID_PORT: ").append(value.replace("/tcp", "")).append('\n');
                } else if (kind.startsWith("--add") ? !target.add(value) : !target.remove(value)) {
                    warnings.append(kind.startsWith("--add") ? "Warning: ALREADY_ENABLED: " : "Warning: NOT_ENABLED: ")
                            .append(value).append('\n');
                }
            }
        }
        if (kinds.size() > 1) {
            return new CommandResult(argv, 2, "", "firewall-cmd: error: argument " + kinds.iterator().next()
                    + ": not allowed with argument " + List.copyOf(kinds).get(1) + "\n", Duration.ZERO);
        }
        return new CommandResult(argv, 0, "success\n", warnings.toString(), Duration.ZERO);
    }

    private static String listAll(Set<String> ports, Set<String> rules) {
        StringBuilder text = new StringBuilder("public\n  target: default\n  icmp-block-inversion: no\n"
                + "  interfaces: \n  sources: \n  services: dhcpv6-client ssh\n  ports: " + String.join(" ", ports)
                + "\n  protocols: \n  forward: yes\n  masquerade: no\n  forward-ports: \n  source-ports: \n"
                + "  icmp-blocks: \n  rich rules: \n");
        rules.forEach(rule -> text.append('\t').append(rule).append('\n'));
        return text.toString();
    }

    private static CommandResult ok(List<String> argv, String stdout) {
        return new CommandResult(argv, 0, stdout, "", Duration.ZERO);
    }

    /** The recorded commands without the program path, as firewall-cmd's own options. */
    List<String> firewallCommands() {
        return commands.stream().filter(argv -> argv.get(0).endsWith("firewall-cmd"))
                .map(argv -> String.join(" ", argv.subList(1, argv.size()))).toList();
    }

    void clearCommands() {
        commands.clear();
    }
}
