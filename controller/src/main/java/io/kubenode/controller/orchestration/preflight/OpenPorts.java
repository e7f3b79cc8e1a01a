package io.kubenode.controller.orchestration.preflight;

import io.kubenode.common.validation.Patterns;

import java.util.List;
import java.util.regex.Matcher;

/**
 * Whether firewalld's open ports (as the agent reports them: {@code 6443/tcp}, ranges as {@code 30000-32767/tcp},
 * the ports of enabled services included) cover a required port or range of the same protocol. A range may be
 * covered by several entries together (30000-31000/tcp and 31001-32767/tcp).
 */
final class OpenPorts {
    private OpenPorts() {
    }

    static boolean covers(List<String> open, String required) {
        Range wanted = Range.parse(required);
        if (wanted == null || open == null) {
            return false;
        }
        int next = wanted.low();
        boolean advanced = true;
        // Walk up from the low end: each pass extends the covered prefix with any entry that starts inside it.
        while (next <= wanted.high() && advanced) {
            advanced = false;
            for (String entry : open) {
                Range range = Range.parse(entry);
                if (range != null && range.protocol().equals(wanted.protocol()) && range.low() <= next
                        && range.high() >= next) {
                    next = range.high() + 1;
                    advanced = true;
                }
            }
        }
        return next > wanted.high();
    }

    private record Range(int low, int high, String protocol) {
        static Range parse(String text) {
            if (!Patterns.isFirewallPort(text)) {
                return null;
            }
            Matcher matcher = Patterns.FIREWALL_PORT.matcher(text);
            matcher.matches();
            int low = Integer.parseInt(matcher.group(1));
            int high = matcher.group(2) == null ? low : Integer.parseInt(matcher.group(2));
            return new Range(low, high, matcher.group(3));
        }
    }
}
