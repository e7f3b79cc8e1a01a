package io.kubenode.controller.compiler.firewall;

import io.kubenode.common.catalog.FirewallSpec;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

import java.util.List;

/**
 * The host firewall ({@code firewall:system}): opens what the node's role needs ({@link FirewallPorts}) in the zone
 * of the node's address, unless the document says {@code firewall: none}. It comes before what needs the ports
 * open (keepalived, haproxy, the kubeadm steps depend on it), so a firewall that cannot be opened skips them with
 * its reason instead of letting them fail in ways that look like anything but a firewall.
 */
public final class FirewallBuilder implements NodeModelBuilder {
    public static final String ID = ResourceSpec.id(FirewallSpec.TYPE, FirewallSpec.NAME);

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        String mode = node.host().firewallOrDefault();
        if (HostSpec.FIREWALL_NONE.equals(mode)) {
            return;
        }
        String agentMode = HostSpec.FIREWALL_FIREWALLD.equals(mode) ? FirewallSpec.FIREWALLD : FirewallSpec.AUTO;
        List<FirewallSpec.ProtocolFromSources> fromPeers = FirewallPorts.protocolSources(node.spec(), node.node());
        catalog.add(new FirewallSpec(FirewallSpec.NAME, agentMode, null, node.node().address(),
                FirewallPorts.toOpen(node.spec(), node.node()), fromPeers.isEmpty() ? null : fromPeers));
    }
}
