package io.kubenode.common.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * How the kubenode programs' log records reach stderr: one line per record, level and source first (journald adds
 * the time and the unit, and the JDK's default two-line format splits every record in {@code journalctl}), and under
 * systemd, with stderr connected to the journal, each line prefixed with its syslog priority ({@code <3>} err,
 * {@code <4>} warning, {@code <6>} info, {@code <7>} debug) so journald files it at that level. A terminal or a file
 * gets the lines unchanged.
 */
public final class ProcessLogging {
    /** The one-line format; an operator's {@code -Djava.util.logging.SimpleFormatter.format} still wins. */
    public static final String LINE_FORMAT = "%4$s %3$s: %5$s%6$s%n";
    static final String FORMAT_PROPERTY = "java.util.logging.SimpleFormatter.format";
    static final Path STDERR = Path.of("/proc/self/fd/2");

    private ProcessLogging() {
    }

    /** For main(): the one-line format, and priorities when stderr is the journal stream systemd announced. */
    public static void configure(Map<String, String> environment) {
        if (System.getProperty(FORMAT_PROPERTY) == null) {
            System.setProperty(FORMAT_PROPERTY, LINE_FORMAT);
        }
        boolean journal = isJournalStream(environment.get("JOURNAL_STREAM"), STDERR);
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            // only the JDK's default console output (or ours, set before): a logging config file's formatter stays
            if (handler instanceof ConsoleHandler && (handler.getFormatter() instanceof SimpleFormatter
                    || handler.getFormatter() instanceof LogLineFormatter)) {
                handler.setFormatter(new LogLineFormatter(new SimpleFormatter(), journal));
            }
        }
    }

    /**
     * Whether {@code stream} is the journal stream {@code JOURNAL_STREAM} names ("DEVICE:INODE", both decimal): as
     * sd-daemon prescribes, the variable alone is not enough, since a child of a service inherits it while its
     * stderr may go to a file or a terminal.
     */
    static boolean isJournalStream(String journalStream, Path stream) {
        if (journalStream == null || !journalStream.matches("\\d+:\\d+")) {
            return false;
        }
        try {
            Map<String, Object> identity = Files.readAttributes(stream, "unix:dev,ino");
            return journalStream.equals(identity.get("dev") + ":" + identity.get("ino"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
