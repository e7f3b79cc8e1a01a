package io.kubenode.agent.resource.swap;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses /proc/swaps: a header line, then one line per active swap whose first column is the device or file,
 * with blanks written as octal escapes ({@code /swap\040file}).
 */
final class ProcSwaps {
    static final String PATH = "/proc/swaps";

    private ProcSwaps() {
    }

    /** The active swap devices and files, in the kernel's order. */
    static List<String> activeSwaps(String procSwaps) {
        List<String> active = new ArrayList<>();
        for (String line : procSwaps.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields[0].isEmpty() || fields[0].equals("Filename")) {
                continue;
            }
            active.add(unescape(fields[0]));
        }
        return active;
    }

    /** Undoes the kernel's octal escapes (\040 space, \011 tab, \012 newline, \134 backslash). */
    static String unescape(String field) {
        StringBuilder result = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                result.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                result.append(c);
            }
        }
        return result.toString();
    }

    private static boolean isOctal(String text, int from) {
        if (from + 3 > text.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '7') {
                return false;
            }
        }
        return true;
    }
}
