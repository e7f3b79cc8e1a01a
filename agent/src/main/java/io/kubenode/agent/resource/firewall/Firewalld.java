package io.kubenode.agent.resource.firewall;

import io.kubenode.agent.host.CommandResult;
import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * firewalld through {@code firewall-cmd}, every call an argv list through the {@link Host}. Each call costs about
 * 0.3 s (a Python start and a D-Bus round trip, measured on Debian 12's firewalld 1.3.3), so reads and writes are
 * batched: one {@code --list-all} per configuration, and per configuration one call for all ports to add, one for all
 * rich rules to add, and the same for removals (firewall-cmd takes one kind of option per call).
 * Shared by the firewall resource and the facts collector (one parser for both).
 */
final class Firewalld {
    /** Where RHEL and Debian install it; the first present one is used. */
    static final List<String> BINARIES = List.of("/usr/bin/firewall-cmd", "/usr/sbin/firewall-cmd");
    /** firewall-cmd's exit code when the daemon is not running (FirewallD is not running / not running). */
    static final int NOT_RUNNING = 252;
    /** firewall-cmd's exit code for a zone that does not exist (Error: INVALID_ZONE: nosuch). */
    static final int INVALID_ZONE = 112;
    /** Generous: firewalld answers in under a second, but a busy host starting it may take longer. */
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final Host host;
    private final String binary;

    private Firewalld(Host host, String binary) {
        this.host = host;
        this.binary = binary;
    }

    /**
     * firewalld's command on this host; empty when it is not installed (and on a sandbox root, which has none): then
     * nothing is run at all.
     */
    static Optional<Firewalld> installed(Host host) throws HostException {
        for (String candidate : BINARIES) {
            if (host.stat(candidate).isPresent()) {
                return Optional.of(new Firewalld(host, candidate));
            }
        }
        return Optional.empty();
    }

    /** {@code --state}: true when running, false when not (exit 252); anything else is a failure. */
    boolean running() throws HostException {
        CommandResult state = host.run(List.of(binary, "--state"), TIMEOUT);
        if (state.exitCode() == 0) {
            return true;
        }
        if (state.exitCode() == NOT_RUNNING) {
            return false;
        }
        throw HostException.commandFailed(state);
    }

    /**
     * The zone firewalld binds the interface holding {@code address} to (the interface from the kernel's address
     * list); empty when no interface holds it or the interface is bound to none: then the default zone applies.
     */
    Optional<String> zoneOfAddress(String address) throws HostException {
        if (address == null) {
            return Optional.empty();
        }
        String addresses = host.runChecked(List.of("ip", "-o", "addr", "show"), TIMEOUT).stdout();
        Optional<String> networkInterface = InterfaceAddresses.interfaceHolding(addresses, address);
        return networkInterface.isPresent() ? zoneOfInterface(networkInterface.get()) : Optional.empty();
    }

    /** The zone an interface is bound to; empty when it is bound to none (firewall-cmd prints "no zone", exit 2). */
    Optional<String> zoneOfInterface(String networkInterface) throws HostException {
        CommandResult result = host.run(List.of(binary, "--get-zone-of-interface=" + networkInterface), TIMEOUT);
        if (result.exitCode() == 0) {
            return Optional.of(firstLine(result));
        }
        if (result.exitCode() == 2 && result.stderr().strip().equals("no zone")) {
            return Optional.empty();
        }
        throw HostException.commandFailed(result);
    }

    /**
     * firewalld's default zone, where an interface bound to no zone belongs. Asked for explicitly: a
     * {@code --list-all} without {@code --zone} would name it too, but then firewalld prefixes its listing with
     * "You're performing an operation over default zone ... but your connections/interfaces are in zone ..."
     * whenever another zone is active (seen in FirewalldIT).
     */
    String defaultZone() throws HostException {
        return firstLine(host.runChecked(List.of(binary, "--get-default-zone"), TIMEOUT));
    }

    /** One zone's runtime or permanent configuration, in one call. */
    ZoneSettings list(String zone, boolean permanent) throws HostException {
        CommandResult result = listAll(zone, permanent);
        if (result.exitCode() != 0) {
            throw HostException.commandFailed(result);
        }
        return parse(result);
    }

    /**
     * The ports and rich rules of a zone the agent worked in before; empty when the zone no longer exists
     * (firewall-cmd: exit 112, INVALID_ZONE), so a deleted zone cannot fail every later pass.
     */
    Set<FirewallItem> itemsIfZoneExists(String zone, boolean permanent) throws HostException {
        CommandResult result = listAll(zone, permanent);
        if (result.exitCode() == INVALID_ZONE) {
            return Set.of();
        }
        if (result.exitCode() != 0) {
            throw HostException.commandFailed(result);
        }
        return parse(result).items();
    }

    private CommandResult listAll(String zone, boolean permanent) throws HostException {
        return host.run(argv(zone, permanent, List.of("--list-all")), TIMEOUT);
    }

    private static ZoneSettings parse(CommandResult result) throws HostException {
        try {
            return ZoneSettings.parse(result.stdout());
        } catch (IllegalArgumentException e) {
            throw new HostException(String.join(" ", result.argv()) + ": " + e.getMessage());
        }
    }

    /** The ports a service opens ({@code --info-service=ssh}: {@code 22/tcp}), as the running daemon knows it. */
    List<String> servicePorts(String service) throws HostException {
        CommandResult result = host.runChecked(List.of(binary, "--info-service=" + service), TIMEOUT);
        return ServiceInfo.ports(result.stdout());
    }

    /**
     * Adds and removes items in one configuration. firewall-cmd takes one kind of option per call (measured:
     * "argument --add-rich-rule: not allowed with argument --add-port", the same for an add with a remove), so this
     * is one call per kind and direction, each with every item of it. Runtime and permanent are each edited
     * directly, so no {@code --reload} is ever needed (a reload would also drop runtime-only changes people made).
     */
    void change(String zone, boolean permanent, Collection<FirewallItem> add, Collection<FirewallItem> remove)
            throws HostException {
        for (FirewallItem.Kind kind : FirewallItem.Kind.values()) {
            run(zone, permanent, add.stream().filter(item -> item.kind() == kind).map(FirewallItem::addOption)
                    .toList());
            run(zone, permanent, remove.stream().filter(item -> item.kind() == kind).map(FirewallItem::removeOption)
                    .toList());
        }
    }

    /**
     * firewall-cmd exits 0 with "Warning: INVALID_PORT: 999999" when one item of a batch is bad and applies the
     * rest: such a warning is a failure here. ALREADY_ENABLED and NOT_ENABLED are not (the goal holds).
     */
    private void run(String zone, boolean permanent, List<String> options) throws HostException {
        if (options.isEmpty()) {
            return;
        }
        CommandResult result = host.runChecked(argv(zone, permanent, options), TIMEOUT);
        for (String line : result.stderr().split("\n")) {
            String stripped = line.strip();
            if (stripped.startsWith("Warning:") && !stripped.startsWith("Warning: ALREADY_ENABLED")
                    && !stripped.startsWith("Warning: NOT_ENABLED")) {
                throw new HostException(String.join(" ", result.argv()) + ": " + stripped);
            }
        }
    }

    /** Always with {@code --zone=}: an operation on the implicit default zone may print a notice first. */
    private List<String> argv(String zone, boolean permanent, List<String> options) {
        List<String> argv = new ArrayList<>(List.of(binary));
        if (permanent) {
            argv.add("--permanent");
        }
        argv.add("--zone=" + zone);
        argv.addAll(options);
        return argv;
    }

    private static String firstLine(CommandResult result) throws HostException {
        String text = result.stdout().strip();
        if (text.isEmpty()) {
            throw new HostException(String.join(" ", result.argv()) + " printed nothing");
        }
        return text.lines().findFirst().orElseThrow();
    }
}
