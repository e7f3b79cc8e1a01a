package io.kubenode.common.log;

import org.junit.jupiter.api.Test;

import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineFormatterTest {
    /** Renders like the one-line format, a thrown exception on lines of its own as SimpleFormatter does. */
    private static final Formatter LINES = new Formatter() {
        @Override
        public String format(LogRecord record) {
            return record.getLevel() + " " + record.getLoggerName() + ": " + record.getMessage()
                    + (record.getThrown() == null ? "" : "\njava.io.IOException: disk\n\tat A.b(A.java:1)") + "\n";
        }
    };

    @Test
    void underJournaldEachLevelCarriesItsSyslogPriority() {
        LogLineFormatter journal = new LogLineFormatter(LINES, true);

        assertThat(journal.format(record(Level.SEVERE, "store gone"))).isEqualTo("<3>SEVERE src: store gone\n");
        assertThat(journal.format(record(Level.WARNING, "retrying"))).isEqualTo("<4>WARNING src: retrying\n");
        assertThat(journal.format(record(Level.INFO, "pass done"))).isEqualTo("<6>INFO src: pass done\n");
        assertThat(journal.format(record(Level.CONFIG, "set"))).isEqualTo("<6>CONFIG src: set\n");
        assertThat(journal.format(record(Level.FINE, "detail"))).isEqualTo("<7>FINE src: detail\n");
        assertThat(journal.format(record(Level.FINEST, "trace"))).isEqualTo("<7>FINEST src: trace\n");
    }

    @Test
    void systemLoggerLevelsMapThroughTheirJulLevels() {
        // what System.Logger's levels become in java.util.logging (the JDK's documented mapping)
        assertThat(LogLineFormatter.priority(Level.SEVERE)).as("ERROR").isEqualTo(3);
        assertThat(LogLineFormatter.priority(Level.WARNING)).as("WARNING").isEqualTo(4);
        assertThat(LogLineFormatter.priority(Level.INFO)).as("INFO").isEqualTo(6);
        assertThat(LogLineFormatter.priority(Level.FINE)).as("DEBUG").isEqualTo(7);
        assertThat(LogLineFormatter.priority(Level.FINER)).as("TRACE").isEqualTo(7);
        assertThat(LogLineFormatter.priority(Level.parse("950"))).as("between WARNING and SEVERE").isEqualTo(4);
    }

    @Test
    void everyLineOfAStackTraceKeepsTheRecordsPriority() {
        LogRecord failed = record(Level.SEVERE, "cannot write");
        failed.setThrown(new java.io.IOException("disk"));

        String text = new LogLineFormatter(LINES, true).format(failed);

        assertThat(text).isEqualTo("<3>SEVERE src: cannot write\n<3>java.io.IOException: disk\n"
                + "<3>\tat A.b(A.java:1)\n");
    }

    @Test
    void withoutTheJournalTheLinesAreUnchanged() {
        LogRecord failed = record(Level.SEVERE, "cannot write");
        failed.setThrown(new java.io.IOException("disk"));

        assertThat(new LogLineFormatter(LINES, false).format(failed)).isEqualTo(LINES.format(failed));
        assertThat(new LogLineFormatter(LINES, false).format(record(Level.WARNING, "w"))).isEqualTo("WARNING src: w\n");
    }

    private static LogRecord record(Level level, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName("src");
        return record;
    }
}
