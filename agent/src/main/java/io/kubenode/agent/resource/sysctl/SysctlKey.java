package io.kubenode.agent.resource.sysctl;

import io.kubenode.agent.host.HostException;

/**
 * Where a sysctl key lives under /proc/sys. As with sysctl(8), '.' separates the levels and '/' stands for a '.'
 * inside one level (an interface name): {@code net.ipv4.conf.eth0/100.rp_filter} is
 * {@code /proc/sys/net/ipv4/conf/eth0.100/rp_filter}.
 */
final class SysctlKey {
    static final String PROC_SYS = "/proc/sys/";

    private SysctlKey() {
    }

    static String procPath(String key) throws HostException {
        if (key == null || key.isEmpty()) {
            throw new HostException("empty sysctl key");
        }
        StringBuilder path = new StringBuilder(PROC_SYS);
        for (String level : key.split("\\.", -1)) {
            String name = level.replace('/', '.');
            // "." and ".." levels would climb out of /proc/sys (key "//.//.etc.passwd" is ../../etc/passwd)
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw new HostException("invalid sysctl key '" + key + "': empty, '.' or '..' level");
            }
            path.append(name).append('/');
        }
        return path.substring(0, path.length() - 1);
    }

    /** The kernel separates the fields of a multi-value key with tabs, people with spaces: compare both alike. */
    static String normalized(String value) {
        return String.join(" ", value.strip().split("\\s+"));
    }
}
