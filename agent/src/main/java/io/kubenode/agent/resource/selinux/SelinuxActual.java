package io.kubenode.agent.resource.selinux;

import java.util.List;

/**
 * SELinux as observed.
 *
 * @param present       whether the host has SELinux at all (/sys/fs/selinux or /etc/selinux/config)
 * @param runtime       enforcing, permissive, disabled (not in the running kernel), or null when unknown (a sandbox
 *                      root without /sys/fs/selinux/enforce)
 * @param configExists  whether /etc/selinux/config exists
 * @param configModes   the modes its SELINUX= lines name
 */
public record SelinuxActual(boolean present, String runtime, boolean configExists, List<String> configModes) {

    public SelinuxActual {
        configModes = List.copyOf(configModes);
    }
}
