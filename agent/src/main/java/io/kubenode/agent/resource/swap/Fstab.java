package io.kubenode.agent.resource.swap;

import java.util.ArrayList;
import java.util.List;

/**
 * The swap entries of /etc/fstab and the pure edit that disables them: each swap line is commented out with
 * {@value #DISABLED_PREFIX} in front, so a person can see what was there and why; every other line, the order and
 * the trailing newline stay as they were.
 */
final class Fstab {
    static final String PATH = "/etc/fstab";
    static final String DISABLED_PREFIX = "# disabled by kubenode: ";

    private Fstab() {
    }

    /** Lines that mount a swap: not a comment, and the third field (the type) is "swap". */
    static List<String> swapLines(String fstab) {
        List<String> swaps = new ArrayList<>();
        for (String line : fstab.split("\n", -1)) {
            if (isSwap(line)) {
                swaps.add(line);
            }
        }
        return swaps;
    }

    static String disableSwapLines(String fstab) {
        String[] lines = fstab.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (isSwap(lines[i])) {
                lines[i] = DISABLED_PREFIX + lines[i];
            }
        }
        return String.join("\n", lines);
    }

    private static boolean isSwap(String line) {
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
            return false;
        }
        String[] fields = stripped.split("\\s+");
        return fields.length >= 3 && fields[2].equals("swap");
    }
}
