package io.kubenode.common.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.Expected.warning;

class LoadBalancerRulesTest {
    private static final String KEEPALIVED = "spec.loadBalancer.keepalived";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("missing keepalived is an error", doc -> doc.remove(KEEPALIVED),
                        error(KEEPALIVED, "required")),
                RuleCase.of("virtualRouterId 0 is an error", doc -> doc.set(KEEPALIVED + ".virtualRouterId", 0),
                        error(KEEPALIVED + ".virtualRouterId", "expected 1..255, got 0")),
                RuleCase.of("virtualRouterId 256 is an error", doc -> doc.set(KEEPALIVED + ".virtualRouterId", 256),
                        error(KEEPALIVED + ".virtualRouterId", "expected 1..255, got 256")),
                RuleCase.of("virtualRouterId 1 is accepted", doc -> doc.set(KEEPALIVED + ".virtualRouterId", 1)),
                RuleCase.of("virtualRouterId 255 is accepted", doc -> doc.set(KEEPALIVED + ".virtualRouterId", 255)),
                RuleCase.of("missing virtualRouterId is an error", doc -> doc.remove(KEEPALIVED + ".virtualRouterId"),
                        error(KEEPALIVED + ".virtualRouterId", "required")),
                RuleCase.of("authPass of 9 characters is an error",
                        doc -> doc.set(KEEPALIVED + ".authPass", "ZqSj#f1G9"),
                        error(KEEPALIVED + ".authPass", "expected 1..8 characters (keepalived's PASS authentication "
                                + "silently truncates longer ones), got 9")),
                RuleCase.of("empty authPass is an error", doc -> doc.set(KEEPALIVED + ".authPass", ""),
                        error(KEEPALIVED + ".authPass", "expected 1..8 characters")),
                RuleCase.of("authPass with a space is an error", doc -> doc.set(KEEPALIVED + ".authPass", "Zq Sj#f1"),
                        error(KEEPALIVED + ".authPass", "use printable ASCII without spaces, '\"' or '\\'")),
                RuleCase.of("authPass with a double quote is an error",
                        doc -> doc.set(KEEPALIVED + ".authPass", "Zq\"Sj#f1"),
                        error(KEEPALIVED + ".authPass", "use printable ASCII without spaces")),
                RuleCase.of("authPass with a backslash is an error",
                        doc -> doc.set(KEEPALIVED + ".authPass", "Zq\\Sj#f1"),
                        error(KEEPALIVED + ".authPass", "use printable ASCII without spaces")),
                RuleCase.of("authPass with a non-ASCII letter is an error",
                        doc -> doc.set(KEEPALIVED + ".authPass", "pässwrd"),
                        error(KEEPALIVED + ".authPass", "use printable ASCII without spaces")),
                RuleCase.of("8-character authPass with '#' is accepted",
                        doc -> doc.set(KEEPALIVED + ".authPass", "a#b#c#d#")),
                RuleCase.of("missing authPass is accepted", doc -> doc.remove(KEEPALIVED + ".authPass")),
                RuleCase.of("authPass with an IPv6 virtual IP is a warning",
                        doc -> doc.set("spec.controlPlaneEndpoint.address", "2001:db8::66"),
                        warning(KEEPALIVED + ".authPass", "ignored: an IPv6 virtual IP makes keepalived use VRRPv3, "
                                + "which has no authentication")),
                RuleCase.of("interface with a space is an error", doc -> doc.set(KEEPALIVED + ".interface", "eth 1"),
                        error(KEEPALIVED + ".interface", "'eth 1' is not a Linux interface name (1-15 characters")),
                RuleCase.of("interface with a slash is an error", doc -> doc.set(KEEPALIVED + ".interface", "eth0/1"),
                        error(KEEPALIVED + ".interface", "is not a Linux interface name")),
                RuleCase.of("interface '..' is an error", doc -> doc.set(KEEPALIVED + ".interface", ".."),
                        error(KEEPALIVED + ".interface", "is not a Linux interface name")),
                RuleCase.of("interface of 16 characters is an error",
                        doc -> doc.set(KEEPALIVED + ".interface", "abcdefghijklmnop"),
                        error(KEEPALIVED + ".interface", "'abcdefghijklmnop' is not a Linux interface name")),
                RuleCase.of("interface of 15 characters is accepted",
                        doc -> doc.set(KEEPALIVED + ".interface", "abcdefghijklmno")),
                RuleCase.of("VLAN interface name is accepted", doc -> doc.set(KEEPALIVED + ".interface", "bond0.100")),
                RuleCase.of("missing interface is an error", doc -> doc.remove(KEEPALIVED + ".interface"),
                        error(KEEPALIVED + ".interface", "required")),
                RuleCase.of("apiServerPort 0 is an error", doc -> doc.set("spec.loadBalancer.haproxy.apiServerPort", 0),
                        error("spec.loadBalancer.haproxy.apiServerPort", "expected a port in 1..65535, got 0")),
                RuleCase.of("maxConnections 0 is an error", doc -> doc.set("spec.loadBalancer.haproxy.maxConnections", 0),
                        error("spec.loadBalancer.haproxy.maxConnections", "expected 1..1000000, got 0")),
                RuleCase.of("maxConnections 20000 is accepted",
                        doc -> doc.set("spec.loadBalancer.haproxy.maxConnections", 20000)),
                RuleCase.of("checkIntervalSeconds 1 is an error (the check may take 2 s)",
                        doc -> doc.set(KEEPALIVED + ".checkIntervalSeconds", 1),
                        error(KEEPALIVED + ".checkIntervalSeconds", "expected 2..60 (the check itself may take 2 s), "
                                + "got 1")),
                RuleCase.of("checkIntervalSeconds 61 is an error",
                        doc -> doc.set(KEEPALIVED + ".checkIntervalSeconds", 61),
                        error(KEEPALIVED + ".checkIntervalSeconds", "expected 2..60 (the check itself may take 2 s), "
                                + "got 61")),
                RuleCase.of("checkIntervalSeconds 2 is accepted",
                        doc -> doc.set(KEEPALIVED + ".checkIntervalSeconds", 2)),
                RuleCase.of("checkIntervalSeconds 60 is accepted",
                        doc -> doc.set(KEEPALIVED + ".checkIntervalSeconds", 60)),
                RuleCase.of("missing haproxy section takes the default apiServerPort",
                        doc -> doc.remove("spec.loadBalancer.haproxy")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachLoadBalancerProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }
}
