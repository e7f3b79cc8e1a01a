package io.kubenode.agent.cli;

import io.kubenode.agent.engine.Report;
import io.kubenode.common.document.Documents;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** -o text|json for reports. */
final class OutputOption {
    enum Format { text, json }

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    Format format;

    void print(Report report, PrintWriter out) {
        if (format == Format.json) {
            out.print(Documents.toJson(report));
            out.flush();
        } else {
            ReportPrinter.print(report, out);
        }
    }
}
