package io.kubenode.agent.resource.hostname;

/**
 * The host name as observed.
 *
 * @param runtime   the kernel's name (/proc/sys/kernel/hostname); null when unknown (sandbox root without it)
 * @param persisted the name in /etc/hostname; null when the file is missing or names nothing
 */
public record HostnameActual(String runtime, String persisted) {
}
