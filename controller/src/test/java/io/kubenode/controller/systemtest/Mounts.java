package io.kubenode.controller.systemtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** This host's mount table, read from /proc/self/mounts. */
public final class Mounts {
    private static final Pattern OCTAL_ESCAPE = Pattern.compile("\\\\([0-7]{3})");

    private Mounts() {
    }

    /** The mount points at or below {@code dir}, in mount order. */
    public static List<String> below(Path dir) throws IOException {
        String prefix = dir.toAbsolutePath().normalize().toString();
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> unescape(line.split(" ")[1]))
                .filter(point -> point.equals(prefix) || point.startsWith(prefix + "/")).toList();
    }

    /** What is mounted on {@code mountPoint} (a device, or the file system's name), if anything. */
    public static java.util.Optional<String> sourceOf(Path mountPoint) throws IOException {
        String point = mountPoint.toAbsolutePath().normalize().toString();
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(line -> line.split(" "))
                .filter(fields -> unescape(fields[1]).equals(point)).map(fields -> unescape(fields[0])).findFirst();
    }

    /** The kernel writes a space in a mount point as \040 (and tab, newline, backslash likewise). */
    private static String unescape(String field) {
        Matcher matcher = OCTAL_ESCAPE.matcher(field);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(out, Matcher.quoteReplacement(
                    String.valueOf((char) Integer.parseInt(matcher.group(1), 8))));
        }
        return matcher.appendTail(out).toString();
    }
}
