package io.kubenode.agent.resource.selinux;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code SELINUX=} lines of /etc/selinux/config and the pure edit that sets them; comments, SELINUXTYPE and any
 * other line stay exactly as they are.
 */
final class SelinuxConfig {
    static final String PATH = "/etc/selinux/config";
    private static final String KEY = "SELINUX";

    private SelinuxConfig() {
    }

    /** The mode of every uncommented SELINUX= line, lower case without quotes, in file order. */
    static List<String> modes(String config) {
        List<String> modes = new ArrayList<>();
        for (String line : config.split("\n", -1)) {
            if (isModeLine(line)) {
                String value = line.substring(line.indexOf('=') + 1).strip();
                modes.add(value.replace("\"", "").replace("'", "").toLowerCase(Locale.ROOT));
            }
        }
        return modes;
    }

    /** Every SELINUX= line set to the mode (libselinux reads the first, people may read another); appended if none. */
    static String withMode(String config, String mode) {
        String[] lines = config.split("\n", -1);
        boolean found = false;
        for (int i = 0; i < lines.length; i++) {
            if (isModeLine(lines[i])) {
                lines[i] = KEY + "=" + mode;
                found = true;
            }
        }
        String result = String.join("\n", lines);
        if (found) {
            return result;
        }
        String separator = result.isEmpty() || result.endsWith("\n") ? "" : "\n";
        return result + separator + KEY + "=" + mode + "\n";
    }

    /** A config for a host that has SELinux but lost the file: the distribution's default policy type. */
    static String fresh(String mode) {
        return "# Written by kubenode: SELinux mode at boot.\n" + KEY + "=" + mode + "\nSELINUXTYPE=targeted\n";
    }

    private static boolean isModeLine(String line) {
        String stripped = line.strip();
        int equals = stripped.indexOf('=');
        return !stripped.startsWith("#") && equals > 0 && stripped.substring(0, equals).strip().equals(KEY);
    }
}
