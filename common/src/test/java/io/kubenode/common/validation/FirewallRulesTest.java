package io.kubenode.common.validation;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.document.ClusterDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.Expected.warning;
import static org.assertj.core.api.Assertions.assertThat;

class FirewallRulesTest {
    private static final String HOST = "spec.host";
    private static final String EXTRA = HOST + ".extraPorts";
    private static final String NODE3_EXTRA = "spec.nodes[3].extraPorts";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("firewall auto is accepted", doc -> doc.set(HOST + ".firewall", "auto")),
                RuleCase.of("firewall firewalld is accepted", doc -> doc.set(HOST + ".firewall", "firewalld")),
                RuleCase.of("firewall none is accepted", doc -> doc.set(HOST + ".firewall", "none")),
                RuleCase.of("misspelt firewall mode is an error", doc -> doc.set(HOST + ".firewall", "firewall"),
                        error(HOST + ".firewall", "expected auto (manage firewalld where it runs), firewalld "
                                + "(firewalld must run on every node) or none (leave the firewall alone), got "
                                + "'firewall'")),
                RuleCase.of("capitalised firewall mode is an error", doc -> doc.set(HOST + ".firewall", "None"),
                        error(HOST + ".firewall", "got 'None'")),
                RuleCase.of("empty firewall mode is an error", doc -> doc.set(HOST + ".firewall", ""),
                        error(HOST + ".firewall", "got ''")),
                RuleCase.of("ports, ranges and every protocol firewalld takes are accepted",
                        doc -> doc.set(EXTRA, List.of("9100/tcp", "30000-32767/udp", "80/sctp", "443/dccp",
                                "65535/tcp", "1-1/udp"))),
                RuleCase.of("node ports are accepted", doc -> doc.set(NODE3_EXTRA, List.of("443/tcp", "80/tcp"))),
                RuleCase.of("nodePorts false is accepted", doc -> doc.set(HOST + ".nodePorts", false)),
                RuleCase.of("a port without protocol is an error", doc -> doc.set(EXTRA, List.of("9100")),
                        error(EXTRA + "[0]", "expected a port or range with its protocol in firewalld's notation "
                                + "(9100/tcp, 30000-32767/udp): ports 1-65535, low end not above the high end, "
                                + "protocol tcp, udp, sctp or dccp, got '9100'")),
                RuleCase.of("an unknown protocol is an error", doc -> doc.set(EXTRA, List.of("9100/icmp")),
                        error(EXTRA + "[0]", "got '9100/icmp'")),
                RuleCase.of("port 0 is an error", doc -> doc.set(EXTRA, List.of("0/tcp")),
                        error(EXTRA + "[0]", "got '0/tcp'")),
                RuleCase.of("a port above 65535 is an error", doc -> doc.set(EXTRA, List.of("65536/tcp")),
                        error(EXTRA + "[0]", "got '65536/tcp'")),
                RuleCase.of("a reversed range is an error", doc -> doc.set(EXTRA, List.of("9100/tcp", "200-100/tcp")),
                        error(EXTRA + "[1]", "got '200-100/tcp'")),
                RuleCase.of("a leading zero is an error (firewalld would store another spelling)",
                        doc -> doc.set(EXTRA, List.of("080/tcp")), error(EXTRA + "[0]", "got '080/tcp'")),
                RuleCase.of("an option-like entry is an error: it never reaches firewall-cmd's argv",
                        doc -> doc.set(EXTRA, List.of("--permanent")), error(EXTRA + "[0]", "got '--permanent'")),
                RuleCase.of("a service name is an error: ports only", doc -> doc.set(EXTRA, List.of("http")),
                        error(EXTRA + "[0]", "got 'http'")),
                RuleCase.of("upper-case protocol is an error", doc -> doc.set(EXTRA, List.of("9100/TCP")),
                        error(EXTRA + "[0]", "got '9100/TCP'")),
                RuleCase.of("a null entry is an error",
                        doc -> doc.set(EXTRA, java.util.Arrays.asList("9100/tcp", null)),
                        error(EXTRA + "[1]", "got 'null'")),
                RuleCase.of("a duplicate cluster port is an error naming the first",
                        doc -> doc.set(EXTRA, List.of("9100/tcp", "443/tcp", "9100/tcp")),
                        error(EXTRA + "[2]", "duplicate port '9100/tcp', also at spec.host.extraPorts[0]")),
                RuleCase.of("the same port for another protocol is no duplicate",
                        doc -> doc.set(EXTRA, List.of("9100/tcp", "9100/udp"))),
                RuleCase.of("a bad node port is an error at the node's path",
                        doc -> doc.set(NODE3_EXTRA, List.of("443/tcp", "443")),
                        error(NODE3_EXTRA + "[1]", "got '443'")),
                RuleCase.of("a duplicate node port is an error",
                        doc -> doc.set(NODE3_EXTRA, List.of("443/tcp", "443/tcp")),
                        error(NODE3_EXTRA + "[1]", "duplicate port '443/tcp', also at spec.nodes[3].extraPorts[0]")),
                RuleCase.of("a node port the cluster already opens is a warning",
                        doc -> doc.set(EXTRA, List.of("9100/tcp")).set(NODE3_EXTRA, List.of("9100/tcp")),
                        warning(NODE3_EXTRA + "[0]", "'9100/tcp' is already opened on every node by "
                                + "spec.host.extraPorts[0]")),
                RuleCase.of("extra ports with firewall none are a warning: nothing opens them",
                        doc -> doc.set(HOST + ".firewall", "none").set(EXTRA, List.of("9100/tcp"))
                                .set(NODE3_EXTRA, List.of("443/tcp")),
                        warning(EXTRA, "ignored: with spec.host.firewall none kubenode opens no port"),
                        warning(NODE3_EXTRA, "ignored: with spec.host.firewall none")),
                RuleCase.of("an empty list with firewall none says nothing",
                        doc -> doc.set(HOST + ".firewall", "none").set(EXTRA, List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachFirewallProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    @Test
    void theNewFieldsReadFromTheDocument() {
        Cluster cluster = ClusterDocuments.example().set(HOST + ".firewall", "none").set(HOST + ".nodePorts", false)
                .set(EXTRA, List.of("9100/tcp")).set(NODE3_EXTRA, List.of("443/tcp")).read();

        assertThat(cluster.spec().host().firewall()).isEqualTo("none");
        assertThat(cluster.spec().host().nodePortsOrDefault()).isFalse();
        assertThat(cluster.spec().host().extraPorts()).containsExactly("9100/tcp");
        assertThat(cluster.spec().nodes().get(3).extraPorts()).containsExactly("443/tcp");
    }

    @Test
    void defaultsAreAutoAndNodePortsOn() {
        Cluster cluster = ClusterDocuments.example().remove(HOST + ".firewall").read();

        assertThat(cluster.spec().host().firewallOrDefault()).isEqualTo("auto");
        assertThat(cluster.spec().host().nodePortsOrDefault()).isTrue();
    }
}
