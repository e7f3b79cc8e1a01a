package io.kubenode.common.validation;

import io.kubenode.common.document.ClusterDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.Expected.warning;
import static io.kubenode.common.validation.ValidationAssertions.assertExactly;
import static org.assertj.core.api.Assertions.assertThat;

class NodeRulesTest {

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("upper-case node name is an error", doc -> doc.set("spec.nodes[1].name", "Node2.internal"),
                        error("spec.nodes[1].name", "'Node2.internal' is not a DNS-1123 name")),
                RuleCase.of("underscore in node name is an error", doc -> doc.set("spec.nodes[1].name", "node_2"),
                        error("spec.nodes[1].name", "'node_2' is not a DNS-1123 name")),
                RuleCase.of("node name over 253 characters is an error",
                        doc -> doc.set("spec.nodes[1].name", String.join(".", "a".repeat(63), "b".repeat(63),
                                "c".repeat(63), "d".repeat(63))),
                        error("spec.nodes[1].name", "is not a DNS-1123 name")),
                RuleCase.of("node name over 64 characters is an error: it becomes the host name",
                        doc -> doc.set("spec.nodes[1].name", "a".repeat(60) + ".internal"),
                        error("spec.nodes[1].name", "expected at most 64 characters: the node name becomes its "
                                + "host name, got 69")),
                RuleCase.of("missing node name is an error", doc -> doc.remove("spec.nodes[1].name"),
                        error("spec.nodes[1].name", "required")),
                RuleCase.of("duplicate node name is an error", doc -> doc.set("spec.nodes[3].name", "node1.internal"),
                        error("spec.nodes[3].name", "duplicate name 'node1.internal', also at spec.nodes[0].name")),
                RuleCase.of("duplicate node address is an error",
                        doc -> doc.set("spec.nodes[2].address", "192.168.0.61"),
                        error("spec.nodes[2].address", "duplicate address 192.168.0.61, also at spec.nodes[0].address")),
                RuleCase.of("same IPv6 address written two ways is a duplicate",
                        doc -> doc.set("spec.nodes[3].address", "2001:db8::10")
                                .set("spec.nodes[4].address", "2001:0db8:0:0:0:0:0:0010"),
                        error("spec.nodes[4].address", "duplicate address 2001:0db8:0:0:0:0:0:0010, also at "
                                + "spec.nodes[3].address")),
                RuleCase.of("octet over 255 is an invalid address",
                        doc -> doc.set("spec.nodes[1].address", "192.168.0.256"),
                        error("spec.nodes[1].address", "expected an IPv4 or IPv6 address, got '192.168.0.256'")),
                RuleCase.of("host name as address is an error",
                        doc -> doc.set("spec.nodes[1].address", "node2.internal"),
                        error("spec.nodes[1].address", "expected an IPv4 or IPv6 address, got 'node2.internal'")),
                RuleCase.of("missing address is an error", doc -> doc.remove("spec.nodes[1].address"),
                        error("spec.nodes[1].address", "required")),
                RuleCase.of("IPv6 node address is accepted", doc -> doc.set("spec.nodes[3].address", "2001:db8::64")),
                RuleCase.of("unknown role is an error and does not count as a worker",
                        doc -> doc.set("spec.nodes[3].role", "master"),
                        error("spec.nodes[3].role", "expected control-plane or worker, got 'master'"),
                        warning("spec.nodes", "no redundancy: 1 worker node;")),
                RuleCase.of("missing role is an error", doc -> doc.remove("spec.nodes[4].role"),
                        error("spec.nodes[4].role", "required"),
                        warning("spec.nodes", "no redundancy: 1 worker node;")),
                RuleCase.of("init on a control plane other than the first is accepted",
                        doc -> doc.set("spec.nodes[2].init", true)),
                RuleCase.of("second init: true is an error",
                        doc -> doc.set("spec.nodes[0].init", true).set("spec.nodes[2].init", true),
                        error("spec.nodes[2].init", "only one node may say init: true; spec.nodes[0].init already does")),
                RuleCase.of("init on a worker is an error", doc -> doc.set("spec.nodes[3].init", true),
                        error("spec.nodes[3].init", "a worker cannot run kubeadm init")),
                RuleCase.of("no control-plane node is an error",
                        doc -> doc.set("spec.nodes[0].role", "worker").set("spec.nodes[1].role", "worker")
                                .set("spec.nodes[2].role", "worker"),
                        error("spec.nodes", "at least one node must have role control-plane")),
                RuleCase.of("empty node list is an error", doc -> doc.set("spec.nodes", List.of()),
                        error("spec.nodes", "at least one node is required")),
                RuleCase.of("missing node list is an error", doc -> doc.remove("spec.nodes"),
                        error("spec.nodes", "at least one node is required")),
                RuleCase.of("null node entry is an error", doc -> doc.set("spec.nodes[4]", null),
                        error("spec.nodes[4]", "required"),
                        warning("spec.nodes", "no redundancy: 1 worker node;")),
                RuleCase.of("even control-plane count 2 is a warning (a replacement passes through it)",
                        doc -> doc.set("spec.nodes[2].role", "worker"),
                        warning("spec.nodes", "2 control-plane nodes: keep the count odd (1, 3, 5 ...)")),
                RuleCase.of("even control-plane count 4 is a warning",
                        doc -> doc.set("spec.nodes[3].role", "control-plane")
                                .append("spec.nodes", node("node6.internal", "192.168.0.67", "worker")),
                        warning("spec.nodes", "4 control-plane nodes: keep the count odd")),
                RuleCase.of("five control planes are accepted",
                        doc -> doc.set("spec.nodes[3].role", "control-plane").set("spec.nodes[4].role", "control-plane")
                                .append("spec.nodes", node("node6.internal", "192.168.0.67", "worker"))
                                .append("spec.nodes", node("node7.internal", "192.168.0.68", "worker"))),
                RuleCase.of("one control plane is a no-redundancy warning",
                        doc -> doc.set("spec.nodes[1].role", "worker").set("spec.nodes[2].role", "worker"),
                        warning("spec.nodes", "no redundancy: 1 control-plane node; 3 survive the loss of one")),
                RuleCase.of("one worker is a no-redundancy warning", doc -> doc.remove("spec.nodes[4]"),
                        warning("spec.nodes", "no redundancy: 1 worker node; 2 survive the loss of one")),
                RuleCase.of("no worker is a no-redundancy warning",
                        doc -> doc.remove("spec.nodes[4]").remove("spec.nodes[3]"),
                        warning("spec.nodes", "no redundancy: 0 worker nodes; 2 survive the loss of one")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachNodeProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    @Test
    void fullyQualifiedNodeNameWithDotsIsAccepted() {
        ValidationResult result = ClusterDocuments.example()
                .set("spec.nodes[1].name", "node2.rack-1.dc1.example.com").validate();

        assertExactly(result, List.of());
    }

    @Test
    void singleNodeClusterWarnsTwiceButIsValid() {
        ValidationResult result = ClusterDocuments.example()
                .remove("spec.nodes[4]").remove("spec.nodes[3]").remove("spec.nodes[2]").remove("spec.nodes[1]")
                .validate();

        assertExactly(result, List.of(warning("spec.nodes", "1 control-plane node"),
                warning("spec.nodes", "0 worker nodes")));
        assertThat(result.valid()).isTrue();
    }

    private static Map<String, Object> node(String name, String address, String role) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", name);
        node.put("address", address);
        node.put("role", role);
        return node;
    }
}
