package io.kubenode.controller.compiler.host;

import io.kubenode.common.catalog.HostnameSpec;
import io.kubenode.common.catalog.ManagedBlockSpec;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.catalog.SelinuxSpec;
import io.kubenode.common.catalog.SwapSpec;
import io.kubenode.common.cluster.ControlPlaneEndpoint;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.cluster.Swap;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

/** Host name, the /etc/hosts block, swap, SELinux and the admin's packages. */
public final class HostBasicsBuilder implements NodeModelBuilder {
    public static final String HOSTS_FILE = "/etc/hosts";
    public static final String HOSTS_MARKER = "kubenode hosts";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        catalog.add(new HostnameSpec(node.node().name()));
        catalog.add(new ManagedBlockSpec(HOSTS_FILE, HOSTS_MARKER, hostsBlock(node)));
        if (node.host().swap() != null) {
            catalog.add(new SwapSpec(node.host().swap() == Swap.ON));
        }
        // SELinux is a RHEL-family concern; Debian hosts do not ship it by default.
        if (node.host().selinux() != null && node.osFamily() == OsFamily.RHEL) {
            catalog.add(new SelinuxSpec(node.host().selinux()));
        }
        for (String name : node.packages()) {
            catalog.add(PackageSpec.any(name));
        }
    }

    /** Every node by name and short name, and the control-plane DNS name on the virtual IP. */
    static String hostsBlock(NodeContext node) {
        return node.clusterWide().memo("hostsBlock", () -> buildHostsBlock(node));
    }

    private static String buildHostsBlock(NodeContext node) {
        StringBuilder block = new StringBuilder(64 * (node.spec().nodes().size() + 1));
        for (NodeSpec each : node.spec().nodes()) {
            block.append(each.address()).append(' ').append(each.name());
            String shortName = NodeContext.shortName(each.name());
            if (!shortName.equals(each.name())) {
                block.append(' ').append(shortName);
            }
            block.append('\n');
        }
        ControlPlaneEndpoint endpoint = node.spec().controlPlaneEndpoint();
        block.append(endpoint.address()).append(' ').append(endpoint.host()).append('\n');
        return block.toString();
    }
}
