package io.kubenode.agent.kubeadm.simulator;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go's time.ParseDuration for what kubeadm configs hold ("900s", "15m0s", "1h30m", "500ms"). */
final class GoDuration {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    private GoDuration() {
    }

    static Duration parse(String text, String field) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = PART.matcher(text);
        int at = 0;
        BigDecimal millis = BigDecimal.ZERO;
        while (at < text.length() && matcher.find(at) && matcher.start() == at) {
            BigDecimal value = new BigDecimal(matcher.group(1));
            long unit = switch (matcher.group(2)) {
                case "h" -> 3_600_000L;
                case "m" -> 60_000L;
                case "s" -> 1_000L;
                default -> 1L;
            };
            millis = millis.add(value.multiply(BigDecimal.valueOf(unit)));
            at = matcher.end();
        }
        if (at == 0 || at != text.length()) {
            throw new SimulatorFailure(field + ": Invalid value: \"" + text + "\": time: invalid duration \""
                    + text + "\"");
        }
        return Duration.ofMillis(millis.longValue());
    }

    /** Go's Duration.String for whole seconds: 30s, 5m0s, 1h0m0s. */
    static String format(Duration duration) {
        long seconds = duration.toSeconds();
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        long rest = seconds % 60;
        if (hours > 0) {
            return hours + "h" + minutes + "m" + rest + "s";
        }
        return minutes > 0 ? minutes + "m" + rest + "s" : rest + "s";
    }
}
