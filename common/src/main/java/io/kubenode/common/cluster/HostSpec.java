package io.kubenode.common.cluster;

import java.util.List;
import java.util.Map;

/** Host settings for every node; a node may add kernel modules, sysctls and packages of its own. */
public record HostSpec(
        OsFamily osFamily,
        Swap swap,
        String selinux,
        List<String> kernelModules,
        Map<String, String> sysctl,
        List<String> packages) {
}
