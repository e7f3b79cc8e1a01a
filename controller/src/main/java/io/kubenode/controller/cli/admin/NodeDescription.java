package io.kubenode.controller.cli.admin;

import io.kubenode.common.status.Condition;
import io.kubenode.common.status.Facts;
import io.kubenode.common.status.NodeStatus;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.common.status.ResourceStatus;
import io.kubenode.controller.client.NodeDetail;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.view.NodeOrchestration;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code describe node}: the summary, then facts, conditions (the agent's, plus the controller's Orchestration
 * condition), the orchestration details, resources and last errors from the node's report.
 */
final class NodeDescription {
    private static final String INDENT = "  ";

    private NodeDescription() {
    }

    static void print(NodeDetail detail, PrintWriter out, Instant now) {
        NodeSummary summary = detail.summary();
        NodeStatus status = detail.status();
        field(out, "", "Name", summary.name());
        field(out, "", "Role", orNone(summary.role()));
        field(out, "", "Address", orNone(summary.address()));
        field(out, "", "Converged", summary.converged() ? "True" : "False");
        field(out, "", "Generation", "applied " + summary.appliedGeneration() + ", desired "
                + summary.desiredGeneration() + (status == null ? "" : ", agent holds " + status.observedGeneration()));
        field(out, "", "Failed", Integer.toString(summary.failed()));
        field(out, "", "Last seen", summary.lastSeen() == null ? Ages.NEVER
                : Ages.instant(summary.lastSeen()) + " (" + Ages.age(summary.lastSeen(), now) + " ago)");
        field(out, "", "Enrolled", summary.enrolled() ? "yes" : "no");
        field(out, "", "Revoked", summary.revoked() ? "yes" : "no");
        field(out, "", "Cert expires", Ages.instant(summary.certificateExpires()));
        field(out, "", "Phase", summary.phase() == null ? "-" : summary.phase());
        if (status == null) {
            out.println("Status:        no report from the node's agent yet");
            if (detail.orchestration() != null) {
                conditions(out, List.of(), detail.orchestration(), now);
            }
            orchestration(out, detail.orchestration(), now);
            return;
        }
        if (status.sandbox()) {
            field(out, "", "Sandbox", "yes (the agent works in a sandbox directory, not on the host)");
        }
        if (status.lastPass() != null) {
            NodeStatus.LastPass pass = status.lastPass();
            field(out, "", "Last pass", pass.mode() + ", started " + Ages.instant(pass.started()) + ", took "
                    + pass.durationMillis() + " ms");
        }
        facts(out, status.facts());
        conditions(out, status.conditions(), detail.orchestration(), now);
        orchestration(out, detail.orchestration(), now);
        resources(out, status);
        lastErrors(out, status);
    }

    private static void facts(PrintWriter out, Facts facts) {
        out.println("Facts:");
        if (facts == null) {
            out.println(INDENT + Ages.NONE);
            return;
        }
        field(out, INDENT, "Hostname", orNone(facts.hostname()));
        field(out, INDENT, "OS", orNone(join(facts.osId(), facts.osVersion()))
                + (facts.osFamily() == null ? "" : " (" + facts.osFamily() + ")"));
        field(out, INDENT, "Kernel", orNone(facts.kernel()));
        field(out, INDENT, "CPUs", facts.cpus() > 0 ? Integer.toString(facts.cpus()) : Ages.NONE);
        field(out, INDENT, "Memory", bytes(facts.memoryBytes()));
        field(out, INDENT, "Swap", facts.swapBytes() == 0 ? "off" : bytes(facts.swapBytes()));
        field(out, INDENT, "Addresses", facts.interfaces() == null || facts.interfaces().isEmpty() ? Ages.NONE
                : facts.interfaces().stream().map(NodeDescription::addresses).collect(Collectors.joining("; ")));
        field(out, INDENT, "containerd", orNone(facts.containerdVersion()));
        field(out, INDENT, "kubelet", orNone(facts.kubeletVersion()));
    }

    private static void conditions(PrintWriter out, List<Condition> conditions, NodeOrchestration orchestration,
                                   Instant now) {
        out.println("Conditions:");
        if (conditions.isEmpty() && orchestration == null) {
            out.println(INDENT + Ages.NONE);
            return;
        }
        Table table = new Table(List.of("TYPE", "STATUS", "REASON", "SINCE", "MESSAGE"));
        conditions.forEach(condition -> table.row(List.of(condition.type(), condition.status(),
                orNone(condition.reason()), Ages.age(condition.lastTransitionTime(), now), orEmpty(condition.message()))));
        if (orchestration != null) {
            table.row(List.of("Orchestration", orchestrationStatus(orchestration.phase()),
                    orchestration.phase().name(), Ages.age(orchestration.phaseSince(), now),
                    orEmpty(orchestration.message())));
        }
        indented(out, table);
    }

    /** True once joined (or Ready), False when stopped with a reason, Unknown while on its way. */
    private static String orchestrationStatus(NodePhase phase) {
        return switch (phase) {
            case Joined, Ready -> Condition.TRUE;
            case Failed, PreflightFailed -> Condition.FALSE;
            default -> "Unknown";
        };
    }

    /** The controller's side of the bring-up for this node: its kubeadm step, attempts, retry and last failure. */
    private static void orchestration(PrintWriter out, NodeOrchestration orchestration, Instant now) {
        out.println("Orchestration:");
        if (orchestration == null) {
            out.println(INDENT + "- (no orchestration yet)");
            return;
        }
        field(out, INDENT, "Phase", orchestration.phase() + " since " + Ages.instant(orchestration.phaseSince())
                + " (" + Ages.age(orchestration.phaseSince(), now) + ")");
        field(out, INDENT, "Message", orNone(orchestration.message() == null ? null
                : oneLine(orchestration.message())));
        NodeOrchestration.StepStatus step = orchestration.step();
        field(out, INDENT, "Step", step == null ? Ages.NONE : "kubeadm " + step.action() + ", attempt "
                + step.attempt() + ", released " + Ages.instant(step.releasedAt()) + ", "
                + ClusterTable.elapsed(step.elapsedSeconds()));
        field(out, INDENT, "Attempts", Integer.toString(orchestration.attempts()));
        if (orchestration.nextAttemptAt() != null) {
            field(out, INDENT, "Next attempt", Ages.instant(orchestration.nextAttemptAt()));
        }
        field(out, INDENT, "Joined", orchestration.joinedAt() == null ? "no" : Ages.instant(orchestration.joinedAt()));
        if (orchestration.lastFailure() == null) {
            field(out, INDENT, "Last failure", Ages.NONE);
        } else {
            out.println(INDENT + "Last failure:");
            orchestration.lastFailure().strip().lines().forEach(line -> out.println(INDENT + INDENT + line));
        }
    }

    private static void resources(PrintWriter out, NodeStatus status) {
        out.println("Resources:" + (status.counts().isEmpty() ? "" : " " + status.counts().entrySet().stream()
                .sorted(Map.Entry.comparingByKey()).map(entry -> entry.getValue() + " " + entry.getKey())
                .collect(Collectors.joining(", "))));
        if (status.resources().isEmpty()) {
            out.println(INDENT + Ages.NONE);
            return;
        }
        Table table = new Table(List.of("ID", "STATE", "DETAIL"));
        status.resources().forEach(resource -> table.row(List.of(resource.id(), resource.state(), detail(resource))));
        indented(out, table);
    }

    private static void lastErrors(PrintWriter out, NodeStatus status) {
        out.println("Last errors:");
        List<ResourceStatus> failed = status.resources().stream()
                .filter(resource -> ResourceStatus.FAILED.equals(resource.state())).toList();
        List<Condition> falseConditions = status.conditions().stream()
                .filter(condition -> Condition.FALSE.equals(condition.status()) && condition.message() != null).toList();
        if (failed.isEmpty() && falseConditions.isEmpty()) {
            out.println(INDENT + Ages.NONE);
            return;
        }
        failed.forEach(resource -> out.println(INDENT + resource.id() + ": " + orEmpty(resource.message())));
        falseConditions.forEach(condition -> out.println(INDENT + condition.type() + ": " + condition.message()));
    }

    /** Why a failed, skipped or not-ready resource is so; what changed for a changed one. */
    private static String detail(ResourceStatus resource) {
        if (resource.message() != null && !resource.message().isBlank()) {
            return oneLine(resource.message());
        }
        return String.join("; ", resource.changes());
    }

    private static String addresses(Facts.NetworkInterfaceFacts nic) {
        List<String> addresses = nic.addresses() == null ? List.of() : nic.addresses();
        return nic.name() + (nic.mac() == null ? "" : " " + nic.mac()) + (addresses.isEmpty() ? "" : " "
                + String.join(", ", addresses));
    }

    private static String bytes(long bytes) {
        if (bytes <= 0) {
            return Ages.NONE;
        }
        double gib = bytes / (1024.0 * 1024 * 1024);
        return gib >= 1 ? String.format(Locale.ROOT, "%.1f GiB", gib)
                : String.format(Locale.ROOT, "%d MiB", bytes / (1024 * 1024));
    }

    private static void field(PrintWriter out, String indent, String label, String value) {
        out.println(indent + label + ":" + " ".repeat(Math.max(1, 14 - label.length())) + value);
    }

    private static void indented(PrintWriter out, Table table) {
        StringWriter text = new StringWriter();
        table.print(new PrintWriter(text));
        text.toString().lines().forEach(line -> out.println(INDENT + line));
    }

    private static String join(String first, String second) {
        if (first == null) {
            return second;
        }
        return second == null ? first : first + " " + second;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s*\\n\\s*", " | ");
    }

    private static String orNone(String value) {
        return value == null ? Ages.NONE : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : oneLine(value);
    }
}
