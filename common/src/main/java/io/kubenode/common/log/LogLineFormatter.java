package io.kubenode.common.log;

import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A log record as {@link SimpleFormatter} renders it (the format from {@code java.util.logging.SimpleFormatter.format},
 * see {@link ProcessLogging#LINE_FORMAT}), and, when the output is journald's stream, every line of it prefixed with
 * the record's syslog priority in sd-daemon's {@code <N>} form, so {@code journalctl -p warning} selects by level and
 * a stack trace's lines keep their record's priority.
 */
public final class LogLineFormatter extends Formatter {
    /** sd-daemon's priorities (syslog's): what journald reads from a {@code <N>} prefix. */
    static final int ERR = 3;
    static final int WARNING = 4;
    static final int INFO = 6;
    static final int DEBUG = 7;

    private final Formatter lines;
    private final boolean journal;

    /** {@code journal}: prefix priorities; otherwise the lines are exactly {@code lines}'. */
    public LogLineFormatter(Formatter lines, boolean journal) {
        this.lines = lines;
        this.journal = journal;
    }

    @Override
    public String format(LogRecord record) {
        String text = lines.format(record);
        if (!journal) {
            return text;
        }
        String prefix = "<" + priority(record.getLevel()) + ">";
        StringBuilder prefixed = new StringBuilder(text.length() + 8);
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            prefixed.append(prefix).append(text, start, end);
            start = end;
        }
        return prefixed.toString();
    }

    /**
     * SEVERE (System.Logger's ERROR) is err, WARNING warning, INFO and CONFIG info, FINE and below (DEBUG, TRACE)
     * debug; a custom level by where its value falls.
     */
    static int priority(Level level) {
        int value = level.intValue();
        if (value >= Level.SEVERE.intValue()) {
            return ERR;
        }
        if (value >= Level.WARNING.intValue()) {
            return WARNING;
        }
        return value >= Level.CONFIG.intValue() ? INFO : DEBUG;
    }
}
