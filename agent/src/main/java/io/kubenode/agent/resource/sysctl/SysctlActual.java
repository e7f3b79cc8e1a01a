package io.kubenode.agent.resource.sysctl;

/**
 * The runtime value of a kernel parameter.
 *
 * @param path  its file under /proc/sys
 * @param value the value with whitespace normalised; null when unknown (sandbox root without the file)
 */
public record SysctlActual(String path, String value) {
}
