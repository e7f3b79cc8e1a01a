package io.kubenode.controller.rollout;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.validation.Problem;
import io.kubenode.controller.compiler.SeedCluster;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which edits of the seed's running cluster name a new VRRP group, and what the warning says happens. */
class VrrpGroupChangeTest {
    private static final String PASSWORD = "authPass: \"ZqSj#f1G\"";

    @Test
    void aNewPasswordOrRouterIdOnRunningControlPlanesIsOneWarningEach() {
        Cluster seed = SeedCluster.load();
        Cluster both = edited(PASSWORD, "authPass: \"Xk2#pQ7w\"", "virtualRouterId: 5", "virtualRouterId: 6");

        List<Problem> rolled = VrrpGroupChange.warnings(seed, both, false);
        List<Problem> allAtOnce = VrrpGroupChange.warnings(seed, both, true);

        assertThat(rolled).extracting(Problem::path).containsExactly("spec.loadBalancer.keepalived.virtualRouterId",
                "spec.loadBalancer.keepalived.authPass");
        assertThat(rolled).allSatisfy(problem -> {
            assertThat(problem.isError()).isFalse();
            assertThat(problem.message()).contains("two VRRP groups", "announced by two control planes at once",
                    "--all-at-once");
        });
        assertThat(allAtOnce).extracting(Problem::message).allSatisfy(message -> assertThat(message)
                .contains("restarts keepalived at once").doesNotContain("two VRRP groups"));
    }

    @Test
    void otherKeepalivedEditsTheFirstDocumentAndASingleControlPlaneWarnOfNothing() {
        Cluster seed = SeedCluster.load();

        assertThat(VrrpGroupChange.warnings(seed, edited(PASSWORD, PASSWORD + ", checkIntervalSeconds: 2"), false))
                .as("the check interval is each node's own").isEmpty();
        assertThat(VrrpGroupChange.warnings(null, seed, false)).as("nothing runs yet").isEmpty();
        assertThat(VrrpGroupChange.warnings(seed, seed, false)).isEmpty();
        Cluster single = edited("{name: node2.internal, address: 192.168.0.62, role: control-plane}",
                "{name: node2.internal, address: 192.168.0.62, role: worker}",
                "{name: node3.internal, address: 192.168.0.63, role: control-plane}",
                "{name: node3.internal, address: 192.168.0.63, role: worker}");
        Cluster singleNewPassword = edited("{name: node2.internal, address: 192.168.0.62, role: control-plane}",
                "{name: node2.internal, address: 192.168.0.62, role: worker}",
                "{name: node3.internal, address: 192.168.0.63, role: control-plane}",
                "{name: node3.internal, address: 192.168.0.63, role: worker}", PASSWORD, "authPass: \"Xk2#pQ7w\"");
        assertThat(VrrpGroupChange.warnings(single, singleNewPassword, false))
                .as("one control plane is one VRRP group whatever its password").isEmpty();
    }

    /** The seed's document with each pair of (from, to) replaced; each from must be in it. */
    private static Cluster edited(String... fromTo) {
        String text = SeedCluster.exampleText();
        for (int i = 0; i < fromTo.length; i += 2) {
            assertThat(text).contains(fromTo[i]);
            text = text.replace(fromTo[i], fromTo[i + 1]);
        }
        return SeedCluster.parse(text);
    }
}
