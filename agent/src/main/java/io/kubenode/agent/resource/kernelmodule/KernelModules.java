package io.kubenode.agent.resource.kernelmodule;

import io.kubenode.agent.host.Host;
import io.kubenode.agent.host.HostException;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads which modules the running kernel has. /proc/modules lists loadable modules that are loaded; a module built
 * into the kernel is not there but is always present, and modprobe treats it as loaded. It shows in
 * /sys/module/NAME (when it has parameters) or in /lib/modules/RELEASE/modules.builtin. Without these two checks a
 * built-in module would be "loaded" by modprobe on every pass and never be in sync.
 */
final class KernelModules {
    static final String PROC_MODULES = "/proc/modules";

    private KernelModules() {
    }

    /** modprobe treats '-' and '_' in module names alike; the kernel lists them with '_'. */
    static String canonical(String name) {
        return name.replace('-', '_');
    }

    static KernelModuleActual find(String name, Host host) throws HostException {
        String wanted = canonical(name);
        Optional<String> modules = readText(PROC_MODULES, host);
        if (modules.isPresent() && listsModule(modules.get(), wanted)) {
            return new KernelModuleActual(true, PROC_MODULES);
        }
        String sysModule = "/sys/module/" + wanted;
        if (host.stat(sysModule).isPresent()) {
            return new KernelModuleActual(true, sysModule);
        }
        Optional<String> release = readText("/proc/sys/kernel/osrelease", host).map(String::strip);
        if (release.isPresent() && !release.get().isEmpty() && !release.get().contains("/")) {
            String builtin = "/lib/modules/" + release.get() + "/modules.builtin";
            Optional<String> builtins = readText(builtin, host);
            if (builtins.isPresent() && listsBuiltin(builtins.get(), wanted)) {
                return new KernelModuleActual(true, builtin);
            }
        }
        return new KernelModuleActual(false, "not in " + PROC_MODULES + ", /sys/module or modules.builtin");
    }

    /** First column of each /proc/modules line is the name. */
    static boolean listsModule(String procModules, String wanted) {
        for (String line : procModules.split("\n")) {
            int space = line.indexOf(' ');
            String name = space < 0 ? line.strip() : line.substring(0, space);
            if (!name.isEmpty() && canonical(name).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** modules.builtin lines are paths such as kernel/net/bridge/br_netfilter.ko. */
    static boolean listsBuiltin(String builtins, String wanted) {
        for (String line : builtins.split("\n")) {
            String file = line.strip().substring(line.strip().lastIndexOf('/') + 1);
            if (file.endsWith(".ko") && canonical(file.substring(0, file.length() - 3)).equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> readText(String path, Host host) throws HostException {
        return host.read(path).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }
}
