package io.kubenode.agent.resource.kernelmodule;

/**
 * Whether a kernel module is in the running kernel.
 *
 * @param loaded   true when it is loaded or built in
 * @param evidence where that was seen (/proc/modules, /sys/module/NAME, modules.builtin), or what was searched
 */
public record KernelModuleActual(boolean loaded, String evidence) {
}
