package io.kubenode.common.validation;

import io.kubenode.common.document.ClusterDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.ValidationAssertions.assertReports;

class SubnetRulesTest {
    private static final String PODS = "spec.kubernetes.podSubnet";
    private static final String SERVICES = "spec.kubernetes.serviceSubnet";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("CIDR without prefix is an error", doc -> doc.set(SERVICES, "10.96.0.0"),
                        error(SERVICES, "expected a CIDR like 10.244.0.0/16, got '10.96.0.0'")),
                RuleCase.of("CIDR with an invalid address is an error", doc -> doc.set(SERVICES, "10.96.0.256/24"),
                        error(SERVICES, "expected a CIDR like 10.244.0.0/16, got '10.96.0.256/24'")),
                RuleCase.of("prefix over 32 is an error", doc -> doc.set(SERVICES, "10.96.0.0/33"),
                        error(SERVICES, "prefix length 33 is over 32")),
                RuleCase.of("host bits set is an error", doc -> doc.set(SERVICES, "10.96.0.1/12"),
                        error(SERVICES, "host bits are set; did you mean 10.96.0.0/12?")),
                RuleCase.of("service subnet inside the pod subnet is an overlap",
                        doc -> doc.set(SERVICES, "10.244.128.0/20"),
                        error(SERVICES, "10.244.128.0/20 overlaps spec.kubernetes.podSubnet 10.244.0.0/16")),
                RuleCase.of("service subnet around the pod subnet is an overlap",
                        doc -> doc.set(SERVICES, "10.0.0.0/8"),
                        error(SERVICES, "10.0.0.0/8 overlaps spec.kubernetes.podSubnet 10.244.0.0/16")),
                RuleCase.of("missing service subnet is left to kubeadm", doc -> doc.remove(SERVICES)),
                RuleCase.of("service subnet containing a node address is an error",
                        doc -> doc.set(SERVICES, "192.168.0.60/31"),
                        error(SERVICES, "192.168.0.60/31 contains the address of spec.nodes[0] (192.168.0.61); pod "
                                + "and service networks must not overlap the node network")),
                RuleCase.of("pod subnet containing a node address is an error",
                        doc -> doc.set("spec.nodes[3].address", "10.244.7.9"),
                        error(PODS, "10.244.0.0/16 contains the address of spec.nodes[3] (10.244.7.9)")),
                RuleCase.of("service subnet containing the virtual IP is an error",
                        doc -> doc.set(SERVICES, "192.168.0.66/31"),
                        error(SERVICES, "192.168.0.66/31 contains the control-plane virtual IP 192.168.0.66")),
                RuleCase.of("virtual IP inside the service subnet is reported unmasked",
                        doc -> doc.set("spec.controlPlaneEndpoint.address", "10.96.0.10"),
                        error(SERVICES, "10.96.0.0/12 contains the control-plane virtual IP 10.96.0.10")),
                RuleCase.of("IPv6 subnets do not contain IPv4 nodes",
                        doc -> doc.set(SERVICES, "fd00:10:96::/108")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachSubnetProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    @Test
    void invalidPodSubnetIsAnErrorAtItsPath() {
        ValidationResult result = ClusterDocuments.example().set(PODS, "10.244.0.0/33").validate();

        assertReports(result, error(PODS, "prefix length 33 is over 32"));
    }
}
