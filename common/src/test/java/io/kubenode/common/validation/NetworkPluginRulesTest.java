package io.kubenode.common.validation;

import io.kubenode.common.document.ClusterDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.Expected.warning;
import static org.assertj.core.api.Assertions.assertThat;

class NetworkPluginRulesTest {
    private static final String NETWORK = "spec.network";
    private static final String MANIFEST = NETWORK + ".manifest";
    private static final String PODS = "spec.kubernetes.podSubnet";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("unknown plugin is an error", doc -> doc.set(NETWORK + ".plugin", "calico"),
                        error(NETWORK + ".plugin", "expected flannel (the only plugin kubenode installs), got 'calico'")),
                RuleCase.of("missing plugin is an error", doc -> doc.remove(NETWORK + ".plugin"),
                        error(NETWORK + ".plugin", "required")),
                RuleCase.of("missing manifest is an error", doc -> doc.remove(MANIFEST),
                        error(MANIFEST, "required")),
                RuleCase.of("http manifest url is an error",
                        doc -> doc.set(MANIFEST + ".url", "http://example.com/kube-flannel.yml"),
                        error(MANIFEST + ".url", "expected an https:// URL")),
                RuleCase.of("manifest without sha256 or insecureSkipVerify is an error",
                        doc -> doc.remove(MANIFEST + ".insecureSkipVerify"),
                        error(MANIFEST + ".sha256", "required: the sha256")),
                RuleCase.of("podSubnet other than flannel's default is a warning",
                        doc -> doc.set(PODS, "10.10.0.0/16"),
                        warning(PODS, "10.10.0.0/16 is not flannel's default 10.244.0.0/16")),
                RuleCase.of("podSubnet declared in the manifest too is accepted",
                        doc -> doc.set(PODS, "10.10.0.0/16").set(MANIFEST + ".podSubnet", "10.10.0.0/16")),
                RuleCase.of("manifest podSubnet differing from podSubnet is an error",
                        doc -> doc.set(PODS, "10.10.0.0/16").set(MANIFEST + ".podSubnet", "10.244.0.0/16"),
                        error(MANIFEST + ".podSubnet", "the manifest's flannel network 10.244.0.0/16 differs from "
                                + "spec.kubernetes.podSubnet 10.10.0.0/16")),
                RuleCase.of("invalid manifest podSubnet is an error",
                        doc -> doc.set(PODS, "10.10.0.0/16").set(MANIFEST + ".podSubnet", "10.10.0.0"),
                        error(MANIFEST + ".podSubnet", "expected a CIDR like 10.244.0.0/16, got '10.10.0.0'")),
                RuleCase.of("flannel without podSubnet is an error", doc -> doc.remove(PODS),
                        error(PODS, "required with flannel: kubeadm must allocate a pod CIDR to every node")),
                RuleCase.of("missing network section is not managed", doc -> doc.remove(NETWORK)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachNetworkProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    @Test
    void pinnedManifestLeavesNoWarningAtAll() {
        ValidationResult result = ClusterDocuments.example()
                .remove(MANIFEST + ".insecureSkipVerify")
                .set(MANIFEST + ".sha256", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")
                .validate();

        assertThat(result.problems()).isEmpty();
    }
}
