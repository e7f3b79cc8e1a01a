package io.kubenode.controller.vm;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

/** What the guest script (test resource vm/agent-test.sh) left in /io/out, read back on the host. */
record VmResults(Path dir) {

    /** A snapshot of the host, state-LABEL.env: key=value lines. */
    Map<String, String> state(String label) {
        return keyValues("state-" + label + ".env");
    }

    Map<String, String> keyValues(String file) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : lines(file)) {
            int equals = line.indexOf('=');
            if (equals > 0) {
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }

    int exitCode(String label) {
        return Integer.parseInt(text("rc-" + label).strip());
    }

    double seconds(String name) {
        return Double.parseDouble(text("seconds-" + name).strip());
    }

    /** The agent's JSON report of one apply (its state dir's last-report.json). */
    JsonNode report(String label) {
        try {
            return Documents.json().readTree(dir.resolve("report-" + label + ".json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("no readable report of apply '" + label + "'", e);
        }
    }

    /** Resource id to outcome (in_sync, changed, failed, skipped, not_ready) in one apply's report. */
    Map<String, String> outcomes(String label) {
        Map<String, String> outcomes = new LinkedHashMap<>();
        resources(label).forEach(resource -> outcomes.put(resource.get("id").asText(),
                resource.get("state").asText()));
        return outcomes;
    }

    JsonNode resource(String label, String id) {
        return resources(label).stream().filter(resource -> resource.get("id").asText().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + id + " in the report of apply '" + label + "'"));
    }

    private List<JsonNode> resources(String label) {
        return StreamSupport.stream(report(label).get("resources").spliterator(), false).toList();
    }

    /** The value of one sample of the Prometheus text page, e.g. {@code name{type="swap"}}; null if absent. */
    Double metric(String file, String sample) {
        for (String line : lines(file)) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0 && line.substring(0, space).equals(sample)) {
                return Double.parseDouble(line.substring(space + 1));
            }
        }
        return null;
    }

    String text(String file) {
        try {
            return Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("the guest left no " + file, e);
        }
    }

    List<String> lines(String file) {
        return text(file).lines().toList();
    }
}
