package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.catalog.FirewallSpec.ProtocolFromSources;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.status.Facts.FirewallFacts;
import io.kubenode.controller.compiler.firewall.FirewallPorts;

import java.util.ArrayList;
import java.util.List;

/**
 * With {@code spec.host.firewall: none} kubenode leaves the firewall alone, so a running firewalld may still drop
 * what the cluster needs, and the bring-up would then fail in ways that look like anything but a firewall. This
 * check names the closed ports instead: every port {@link FirewallPorts#required} lists for the node's role, and
 * VRRP from each other control plane, must be let in by the zone the agent reported. With auto or firewalld the
 * node's own catalog opens them, so there is nothing to check here.
 */
final class FirewallChecks {
    static final String ACCEPT = "ACCEPT";

    private FirewallChecks() {
    }

    static List<PreflightFailure> portsOpen(NodeInput input) {
        String mode = input.cluster().host() == null ? HostSpec.FIREWALL_AUTO
                : input.cluster().host().firewallOrDefault();
        FirewallFacts firewall = input.facts().firewall();
        // No firewall facts: an agent older than them, or one that could not read the firewall. Not knowing is not
        // a failure (the bring-up would stop on every such node); kubeadm's own checks still run.
        if (!HostSpec.FIREWALL_NONE.equals(mode) || firewall == null || !firewall.running()
                || !FirewallFacts.FIREWALLD.equals(firewall.backend()) || ACCEPT.equals(firewall.target())) {
            return List.of();
        }
        List<String> closed = new ArrayList<>();
        for (String port : FirewallPorts.required(input.cluster(), input.node())) {
            if (!OpenPorts.covers(firewall.ports(), port)) {
                closed.add(port);
            }
        }
        for (ProtocolFromSources rule : FirewallPorts.protocolSources(input.cluster(), input.node())) {
            for (String source : rule.sources()) {
                if (!RichRules.accepts(firewall, rule.protocol(), source)) {
                    closed.add(rule.protocol() + " from " + source);
                }
            }
        }
        if (closed.isEmpty()) {
            return List.of();
        }
        String zone = firewall.zone() == null ? "(zone not reported)" : firewall.zone();
        String zoneOption = firewall.zone() == null ? "" : "--zone=" + firewall.zone() + " ";
        String target = firewall.target() == null ? "not reported" : firewall.target();
        // Permanent: neither host preparation nor a retry opens them; a person must (or let kubenode manage it).
        return List.of(PreflightFailure.permanent(input.name(), PreflightCheck.FIREWALL_PORTS,
                "spec.host.firewall is none and firewalld's zone " + zone + " (target " + target
                        + ") does not let in " + String.join(", ", closed),
                "them open in zone " + zone + " (firewall-cmd " + zoneOption + "--add-port=PORT/PROTOCOL, at "
                        + "runtime and with --permanent; VRRP as a rich rule from each peer), or spec.host.firewall "
                        + "auto so that kubenode opens them"));
    }
}
