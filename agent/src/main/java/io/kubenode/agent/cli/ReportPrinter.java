package io.kubenode.agent.cli;

import io.kubenode.agent.engine.Report;
import io.kubenode.agent.engine.ResourceReport;

import java.io.PrintWriter;
import java.util.Map;

/** A report for people: one line per change or problem, then the counts. */
final class ReportPrinter {
    private ReportPrinter() {
    }

    static void print(Report report, PrintWriter out) {
        if (report.sandbox()) {
            boolean simulators = report.simulatedCommands().stream()
                    .anyMatch(command -> command.contains("(sandbox: run by the simulator "));
            out.println("SANDBOX: nothing ran on this machine" + (simulators ? " but the given simulators" : "")
                    + "; " + report.simulatedCommands().size() + " commands were simulated under the sandbox root");
        }
        out.printf("%s for %s (generation %d, %s):%n", report.mode(), report.node(), report.generation(),
                report.contentHash());
        for (ResourceReport resource : report.resources()) {
            switch (resource.state()) {
                case "changed" -> resource.changes().forEach(out::println);
                case "failed" -> out.println("! " + resource.id() + " failed: " + resource.message());
                case "skipped" -> out.println("- " + resource.id() + " skipped: " + resource.message());
                case "not_ready" -> out.println("? " + resource.id() + " not ready: " + resource.message());
                // in sync for a reason worth saying ("no firewall to open: firewalld is not installed")
                case "in_sync" -> {
                    if (resource.message() != null) {
                        out.println("= " + resource.id() + " in sync: " + resource.message());
                    }
                }
                default -> {
                }
            }
        }
        Map<String, Integer> counts = report.counts();
        out.printf("%d resources: %d in sync, %d %s, %d failed, %d skipped, %d not ready (%d ms)%n",
                report.resources().size(), counts.get("in_sync"), counts.get("changed"),
                report.mode().equals(Report.PLAN) ? "to change" : "changed", counts.get("failed"),
                counts.get("skipped"), counts.get("not_ready"), report.durationMillis());
        if (report.sandbox() && !report.simulatedCommands().isEmpty()) {
            out.println("simulated commands:");
            report.simulatedCommands().forEach(command -> out.println("  " + command));
        }
        out.flush();
    }
}
