package io.kubenode.agent.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PathPolicyTest {
    private final PathPolicy policy = PathPolicy.defaults();

    @Test
    void pathsUnderTheWritablePrefixesAreAllowed() {
        assertThat(policy.refusal("/etc/haproxy/haproxy.cfg")).isEmpty();
        assertThat(policy.refusal("/opt/cni/bin")).isEmpty();
        assertThat(policy.refusal("/usr/local/sbin/runc")).isEmpty();
        assertThat(policy.refusal("/usr/local")).isEmpty();
    }

    @Test
    void pathsElsewhereAreRefused() {
        assertThat(policy.refusal("/root/.ssh/authorized_keys")).get().asString().contains("outside the writable");
        assertThat(policy.refusal("/etcetera/x")).isPresent();
        assertThat(policy.refusal("/usr/bin/kubelet")).isPresent();
    }

    @Test
    void climbingOrRelativePathsAreRefusedEvenWhenTheyWouldLandInside() {
        assertThat(policy.refusal("/etc/../root/.ssh/x")).get().asString().contains("not a normalized path");
        assertThat(policy.refusal("etc/hosts")).get().asString().contains("not an absolute path");
        assertThat(policy.refusal("/etc//hosts")).isPresent();
    }

    @Test
    void aConfiguredPolicyReplacesTheDefaults() {
        PathPolicy narrow = new PathPolicy(List.of("/etc/kubenode"));

        assertThat(narrow.refusal("/etc/kubenode/kubeadm/config.yaml")).isEmpty();
        assertThat(narrow.refusal("/etc/hosts")).isPresent();
    }
}
