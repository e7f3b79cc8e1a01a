package io.kubenode.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DESIGN.md section 5, rule 4, enforced: outside the host package nothing touches the file system through
 * java.nio.file.Files or java.io file streams, and nothing starts processes.
 */
class SourceRulesTest {
    private static final Path SOURCES = Path.of(System.getProperty("project.basedir", "agent"))
            .resolve("src/main/java/io/kubenode/agent");
    private static final Pattern FORBIDDEN = Pattern.compile(
            "\\bFiles\\.|\\bProcessBuilder\\b|Runtime\\.getRuntime\\(\\)\\.exec|\\bnew FileInputStream\\b"
                    + "|\\bnew FileOutputStream\\b|\\bnew RandomAccessFile\\b|\\bFileChannel\\.open\\b|\\bnew File\\(");

    @Test
    void onlyTheHostPackageTouchesFilesOrStartsProcesses() throws IOException {
        List<String> offences = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                if (file.startsWith(SOURCES.resolve("host"))) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (FORBIDDEN.matcher(lines.get(i)).find()) {
                        offences.add(SOURCES.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(offences).as("host access outside io.kubenode.agent.host").isEmpty();
    }

    @Test
    void theScanSeesTheSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            assertThat(files.filter(path -> path.toString().endsWith(".java")).count()).isGreaterThan(20);
        }
    }
}
