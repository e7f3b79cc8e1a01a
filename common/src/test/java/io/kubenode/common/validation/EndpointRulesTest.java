package io.kubenode.common.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;

class EndpointRulesTest {
    private static final String ENDPOINT = "spec.controlPlaneEndpoint";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("missing endpoint is an error", doc -> doc.remove(ENDPOINT),
                        error(ENDPOINT, "required")),
                RuleCase.of("endpoint host that is not DNS-1123 is an error",
                        doc -> doc.set(ENDPOINT + ".host", "K8S_cp.internal"),
                        error(ENDPOINT + ".host", "'K8S_cp.internal' is not a DNS-1123 name")),
                RuleCase.of("missing endpoint host is an error", doc -> doc.remove(ENDPOINT + ".host"),
                        error(ENDPOINT + ".host", "required")),
                RuleCase.of("invalid virtual IP is an error", doc -> doc.set(ENDPOINT + ".address", "192.168.0"),
                        error(ENDPOINT + ".address", "expected an IPv4 or IPv6 address, got '192.168.0'")),
                RuleCase.of("host name as virtual IP is an error",
                        doc -> doc.set(ENDPOINT + ".address", "vip.internal"),
                        error(ENDPOINT + ".address", "expected an IPv4 or IPv6 address, got 'vip.internal'")),
                RuleCase.of("missing virtual IP is an error", doc -> doc.remove(ENDPOINT + ".address"),
                        error(ENDPOINT + ".address", "required")),
                RuleCase.of("virtual IP equal to a node address is an error",
                        doc -> doc.set(ENDPOINT + ".address", "192.168.0.63"),
                        error(ENDPOINT + ".address", "the virtual IP 192.168.0.63 is the address of spec.nodes[2] "
                                + "(node3.internal); keepalived needs an address no node owns")),
                RuleCase.of("IPv6 virtual IP is accepted",
                        doc -> doc.set(ENDPOINT + ".address", "2001:db8::66")
                                .remove("spec.loadBalancer.keepalived.authPass")),
                RuleCase.of("port 0 is an error", doc -> doc.set(ENDPOINT + ".port", 0),
                        error(ENDPOINT + ".port", "expected a port in 1..65535, got 0")),
                RuleCase.of("port 65536 is an error", doc -> doc.set(ENDPOINT + ".port", 65536),
                        error(ENDPOINT + ".port", "expected a port in 1..65535, got 65536")),
                RuleCase.of("port 65535 is accepted", doc -> doc.set(ENDPOINT + ".port", 65535)),
                RuleCase.of("missing port is an error", doc -> doc.remove(ENDPOINT + ".port"),
                        error(ENDPOINT + ".port", "required")),
                RuleCase.of("port equal to apiServerPort is an error",
                        doc -> doc.set("spec.loadBalancer.haproxy.apiServerPort", 8888),
                        error(ENDPOINT + ".port", "haproxy listens on 8888 on every control-plane node, where "
                                + "kube-apiserver listens on spec.loadBalancer.haproxy.apiServerPort (8888)")),
                RuleCase.of("port equal to the default apiServerPort 6443 is an error",
                        doc -> doc.remove("spec.loadBalancer.haproxy").set(ENDPOINT + ".port", 6443),
                        error(ENDPOINT + ".port", "haproxy listens on 6443")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachEndpointProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }
}
