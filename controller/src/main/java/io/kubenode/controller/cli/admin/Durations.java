package io.kubenode.controller.cli.admin;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people type them: {@code 90s}, {@code 5m}, {@code 1h30m}, {@code 7d}. */
public final class Durations {
    private static final Pattern WHOLE = Pattern.compile("(?:\\d+[dhms])+");
    private static final Pattern PART = Pattern.compile("(\\d+)([dhms])");

    private Durations() {
    }

    public static Duration parse(String text) {
        if (text == null || !WHOLE.matcher(text).matches()) {
            throw new IllegalArgumentException("expected a duration such as 30s, 5m, 1h or 1h30m, got '" + text + "'");
        }
        Duration total = Duration.ZERO;
        Matcher part = PART.matcher(text);
        while (part.find()) {
            long amount;
            try {
                amount = Long.parseLong(part.group(1));
                total = total.plus(switch (part.group(2)) {
                    case "d" -> Duration.ofDays(amount);
                    case "h" -> Duration.ofHours(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofSeconds(amount);
                });
            } catch (ArithmeticException | NumberFormatException e) {
                throw new IllegalArgumentException("duration '" + text + "' is too long");
            }
        }
        return total;
    }

    /** {@code 1h30m}, {@code 45s}, {@code 0s}: the inverse of {@link #parse}. */
    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        long[] sizes = {86400, 3600, 60, 1};
        String[] units = {"d", "h", "m", "s"};
        for (int index = 0; index < sizes.length; index++) {
            if (seconds >= sizes[index]) {
                text.append(seconds / sizes[index]).append(units[index]);
                seconds %= sizes[index];
            }
        }
        return text.toString();
    }

    /** picocli converter for duration options; a bad value is a usage error (exit 2). */
    public static final class Converter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
