package io.kubenode.common.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessLoggingTest {

    @Test
    void theJournalStreamIsTheOneWhoseDeviceAndInodeTheVariableNames(@TempDir Path dir) throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));
        Path other = Files.createFile(dir.resolve("other"));

        assertThat(ProcessLogging.isJournalStream(identity(stream), stream)).isTrue();
        assertThat(ProcessLogging.isJournalStream(identity(other), stream)).as("inherited by a redirected child")
                .isFalse();
    }

    @Test
    void noUsableVariableMeansNoJournal(@TempDir Path dir) throws Exception {
        Path stream = Files.createFile(dir.resolve("stream"));

        assertThat(ProcessLogging.isJournalStream(null, stream)).isFalse();
        assertThat(ProcessLogging.isJournalStream("", stream)).isFalse();
        assertThat(ProcessLogging.isJournalStream("8:12:x", stream)).isFalse();
        assertThat(ProcessLogging.isJournalStream(identity(stream), dir.resolve("gone"))).isFalse();
    }

    @Test
    void configuredForThisProcesssOwnStderrTheConsoleLinesCarryPriorities() throws Exception {
        ProcessLogging.configure(Map.of("JOURNAL_STREAM", identity(ProcessLogging.STDERR)));

        LogRecord warning = new LogRecord(Level.WARNING, "catalog refused");
        warning.setLoggerName("io.kubenode.x.Daemon");
        assertThat(console().getFormatter().format(warning))
                .isEqualTo("<4>WARNING io.kubenode.x.Daemon: catalog refused" + System.lineSeparator());

        ProcessLogging.configure(Map.of());

        assertThat(console().getFormatter().format(warning))
                .isEqualTo("WARNING io.kubenode.x.Daemon: catalog refused" + System.lineSeparator());
    }

    private static Handler console() {
        for (Handler handler : Logger.getLogger("").getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                return handler;
            }
        }
        throw new AssertionError("no console handler on the root logger");
    }

    private static String identity(Path path) throws Exception {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:dev,ino");
        return attributes.get("dev") + ":" + attributes.get("ino");
    }
}
