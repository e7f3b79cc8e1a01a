package io.kubenode.controller.compiler.loadbalancer;

import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;
import io.kubenode.controller.compiler.firewall.FirewallBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * keepalived (the virtual IP) and haproxy (TCP round robin to every control plane's apiserver), on control-plane
 * nodes only. haproxy.cfg is checked with {@code haproxy -c} before it replaces the running one.
 */
public final class LoadBalancerBuilder implements NodeModelBuilder {
    public static final String KEEPALIVED_CONF = "/etc/keepalived/keepalived.conf";
    public static final String CHECK_SCRIPT = "/etc/keepalived/check_apiserver.sh";
    public static final String HAPROXY_CFG = "/etc/haproxy/haproxy.cfg";
    public static final String HAPROXY_STATS_SOCKET = "/var/lib/haproxy/stats";
    /** haproxy.cfg's backend of the control planes' apiservers; its servers are named after the nodes. */
    public static final String HAPROXY_BACKEND = "apiserver";
    static final String KEEPALIVED_SERVICE = ResourceSpec.id(ServiceSpec.TYPE, "keepalived");
    public static final String HAPROXY_SERVICE = ResourceSpec.id(ServiceSpec.TYPE, "haproxy");

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        if (!node.isControlPlane() || node.spec().loadBalancer() == null) {
            return;
        }
        String haproxy = catalog.add(PackageSpec.any("haproxy"));
        String keepalived = catalog.add(PackageSpec.any("keepalived"));
        String haproxyCfg = catalog.add(FileSpec.rootOwned(HAPROXY_CFG, HaproxyCfg.render(node), "0644")
                .validatedBy(AgentPolicyDefaults.HAPROXY_CHECK), List.of(haproxy), List.of(HAPROXY_SERVICE));
        // 0600: the file holds the VRRP password. keepalived -t cannot be the validate hook: 2.2.7 exits 143
        // on any config with a vrrp_script.
        String keepalivedConf = catalog.add(FileSpec.rootOwned(KEEPALIVED_CONF, KeepalivedConf.render(node), "0600"),
                List.of(keepalived), List.of(KEEPALIVED_SERVICE));
        String script = catalog.add(FileSpec.rootOwned(CHECK_SCRIPT, CheckApiserverScript.render(node), "0755"),
                List.of(keepalived));
        // After the firewall: VRRP adverts and haproxy's frontend must get through before the VIP is worth having.
        List<String> firewall = catalog.present(FirewallBuilder.ID);
        if (node.orchestration().leaving() != null) {
            // Leaving the cluster: keepalived first gives the virtual IP away (priority 0 on stop), and nothing
            // routes to this haproxy after it.
            catalog.add(new ServiceSpec("keepalived", false, ServiceSpec.STOPPED), List.of(keepalived));
            catalog.add(new ServiceSpec("haproxy", false, ServiceSpec.STOPPED), List.of(haproxy));
            return;
        }
        catalog.add(new ServiceSpec("haproxy", true, ServiceSpec.RUNNING),
                concat(List.of(haproxy, haproxyCfg), firewall));
        catalog.add(new ServiceSpec("keepalived", true, ServiceSpec.RUNNING),
                concat(List.of(keepalived, keepalivedConf, script), firewall));
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
