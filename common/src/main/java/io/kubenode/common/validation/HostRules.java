package io.kubenode.common.validation;

import io.kubenode.common.catalog.AgentPolicyDefaults;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.HostSpec;
import io.kubenode.common.cluster.Swap;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** Host settings for every node: swap, SELinux, and the names that end up in files and argv. */
final class HostRules implements ClusterRule {
    private static final String PATH = "spec.host";
    static final Set<String> SELINUX_MODES = Set.of("enforcing", "permissive", "disabled");

    @Override
    public void check(Cluster cluster, Problems problems) {
        HostSpec host = cluster.spec().host();
        if (host == null) {
            return;
        }
        if (host.swap() == Swap.ON) {
            problems.error(PATH + ".swap", "must be off: the kubelet refuses to start with swap on by default");
        }
        if (host.selinux() != null && !SELINUX_MODES.contains(host.selinux())) {
            problems.error(PATH + ".selinux", "expected enforcing, permissive or disabled, got '"
                    + host.selinux() + "'");
        }
        checkAdditions(PATH, host.kernelModules(), host.sysctl(), host.packages(), problems);
    }

    /** Kernel modules, sysctls and packages, at cluster level or added by one node. */
    static void checkAdditions(String path, List<String> modules, Map<String, String> sysctl, List<String> packages,
                               Problems problems) {
        eachEntry(path + ".kernelModules", modules, module -> Patterns.KERNEL_MODULE.matcher(module).matches(),
                "a kernel module name (letters, digits, '_', '-', not starting with '-')", problems);
        eachEntry(path + ".packages", packages, name -> Patterns.PACKAGE_NAME.matcher(name).matches(),
                "a package name (letters, digits, '.', '_', '+', '-', starting with a letter or digit)", problems);
        if (sysctl == null) {
            return;
        }
        sysctl.forEach((key, value) -> {
            String keyPath = path + ".sysctl." + key;
            if (!Patterns.SYSCTL_KEY.matcher(key).matches()) {
                problems.error(keyPath, "'" + key + "' is not a sysctl key (dotted lowercase words like "
                        + "net.ipv4.ip_forward)");
            } else if (value == null || !Patterns.SYSCTL_VALUE.matcher(value).matches()) {
                problems.error(keyPath, "expected a value of letters, digits, spaces and . _ : , / -, got '"
                        + value + "'");
            } else if (!AgentPolicyDefaults.sysctlAllowed(key, AgentPolicyDefaults.SYSCTL_PREFIXES)) {
                problems.warning(keyPath, "'" + key + "' is outside the agents' default sysctlPrefixes "
                        + AgentPolicyDefaults.SYSCTL_PREFIXES + ": agents refuse it unless their agent.yaml "
                        + "allows it");
            }
        });
    }

    private static void eachEntry(String path, List<String> values, java.util.function.Predicate<String> valid,
                                  String expected, Problems problems) {
        if (values == null) {
            return;
        }
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            if (value == null || !valid.test(value)) {
                problems.error(path + "[" + i + "]", "expected " + expected + ", got '" + value + "'");
            }
        }
    }
}
