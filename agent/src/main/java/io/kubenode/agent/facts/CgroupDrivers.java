package io.kubenode.agent.facts;

import io.kubenode.common.status.Facts;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cgroup driver containerd gives runc and the one the kubelet uses, read from their config files as they are
 * on disk. A mismatch makes control-plane pods restart in a loop, and kubeadm does not check it.
 */
final class CgroupDrivers {
    private static final Pattern SYSTEMD_CGROUP = Pattern.compile("^\\s*SystemdCgroup\\s*=\\s*(true|false)\\s*(#.*)?$");
    private static final Pattern KUBELET_DRIVER =
            Pattern.compile("^cgroupDriver:\\s*[\"']?([A-Za-z]+)[\"']?\\s*(#.*)?$");

    private CgroupDrivers() {
    }

    /**
     * systemd when config.toml sets {@code SystemdCgroup = true}, cgroupfs when it sets false or leaves it out (runc's
     * default in containerd 1.x and 2.x); null without the file.
     */
    static String containerd(Optional<String> configToml) {
        if (configToml.isEmpty()) {
            return null;
        }
        String driver = Facts.CGROUPFS;
        for (String line : configToml.get().split("\n")) {
            Matcher matcher = SYSTEMD_CGROUP.matcher(line);
            if (matcher.matches()) {
                driver = Boolean.parseBoolean(matcher.group(1)) ? Facts.SYSTEMD : Facts.CGROUPFS;
            }
        }
        return driver;
    }

    /**
     * The top-level {@code cgroupDriver} of the KubeletConfiguration kubeadm wrote; cgroupfs (the kubelet's default)
     * when the key is absent; null without the file.
     */
    static String kubelet(Optional<String> configYaml) {
        if (configYaml.isEmpty()) {
            return null;
        }
        for (String line : configYaml.get().split("\n")) {
            Matcher matcher = KUBELET_DRIVER.matcher(line);
            if (matcher.matches()) {
                return matcher.group(1);
            }
        }
        return Facts.CGROUPFS;
    }
}
