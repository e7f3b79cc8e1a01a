package io.kubenode.controller.compiler.kernel;

import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.SysctlSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Kernel modules loaded now and at boot (modules-load.d), sysctls set now and at boot (sysctl.d). The
 * persisted files are whole files kubenode owns; the runtime resources do not depend on them.
 */
public final class KernelBuilder implements NodeModelBuilder {
    public static final String MODULES_FILE = "/etc/modules-load.d/k8s.conf";
    public static final String SYSCTL_FILE = "/etc/sysctl.d/99-kubernetes.conf";
    /** net.bridge.* keys exist in /proc/sys only once br_netfilter is loaded. */
    private static final String BRIDGE_KEYS = "net.bridge.";
    private static final String BRIDGE_MODULE = "br_netfilter";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        Set<String> modules = node.kernelModules();
        if (!modules.isEmpty()) {
            StringBuilder content = new StringBuilder(ManagedHeader.line("#", "spec.host.kernelModules"));
            modules.forEach(module -> content.append(module).append('\n'));
            catalog.add(FileSpec.rootOwned(MODULES_FILE, content.toString(), "0644"));
            modules.forEach(module -> catalog.add(new KernelModuleSpec(module)));
        }
        Map<String, String> sysctl = node.sysctl();
        if (!sysctl.isEmpty()) {
            StringBuilder content = new StringBuilder(ManagedHeader.line("#", "spec.host.sysctl"));
            sysctl.forEach((key, value) -> content.append(key).append(" = ").append(value).append('\n'));
            catalog.add(FileSpec.rootOwned(SYSCTL_FILE, content.toString(), "0644"));
            sysctl.forEach((key, value) -> catalog.add(new SysctlSpec(key, value), dependenciesOf(key, catalog)));
        }
    }

    private static List<String> dependenciesOf(String key, CatalogDraft catalog) {
        return key.startsWith(BRIDGE_KEYS)
                ? catalog.present(ResourceSpec.id(KernelModuleSpec.TYPE, BRIDGE_MODULE))
                : List.of();
    }
}
