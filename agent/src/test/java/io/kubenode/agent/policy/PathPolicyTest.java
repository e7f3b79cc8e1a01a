package io.kubenode.agent.policy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PathPolicyTest {
    private static final List<String> OWN = List.of("/etc/kubenode/agent.yaml", "/var/lib/kubenode-agent");
    private final PathPolicy policy = PathPolicy.defaults();

    @Test
    void pathsTheCompilerWritesAreAllowed() {
        assertThat(policy.refusal("/etc/haproxy/haproxy.cfg")).isEmpty();
        assertThat(policy.refusal("/etc/hosts")).isEmpty();
        assertThat(policy.refusal("/etc/kubenode/kubeadm/config.yaml")).isEmpty();
        assertThat(policy.refusal("/opt/cni/bin")).isEmpty();
        assertThat(policy.refusal("/usr/local/sbin/runc")).isEmpty();
        assertThat(policy.refusal("/usr/local")).isEmpty();
    }

    /** The orchestration contract's files: the cluster PKI and the kubeadm config, discovery and token files. */
    @Test
    void theFilesOfReleasedKubeadmStepsAreAllowedAndKubeadmsOwnOutputIsNot() {
        for (String path : List.of("/etc/kubernetes/pki/ca.crt", "/etc/kubernetes/pki/ca.key",
                "/etc/kubernetes/pki/front-proxy-ca.crt", "/etc/kubernetes/pki/front-proxy-ca.key",
                "/etc/kubernetes/pki/etcd/ca.crt", "/etc/kubernetes/pki/etcd/ca.key", "/etc/kubernetes/pki/sa.key",
                "/etc/kubernetes/pki/sa.pub", "/etc/kubenode/kubeadm/config.yaml",
                "/etc/kubenode/kubeadm/discovery.conf", "/etc/kubenode/kubeadm/token.yaml",
                "/etc/kubenode/manifests/kube-flannel.yml")) {
            assertThat(policy.refusal(path)).as(path).isEmpty();
        }
        // what kubeadm itself writes is never a catalog's to write
        assertThat(policy.refusal("/etc/kubernetes/admin.conf")).isPresent();
        assertThat(policy.refusal("/etc/kubernetes/manifests/kube-apiserver.yaml")).isPresent();
    }

    @Test
    void pathsOutsideArePrefixTricksIncludedRefused() {
        assertThat(policy.refusal("/root/.ssh/authorized_keys")).get().asString().contains("outside the writable");
        assertThat(policy.refusal("/etcetera/x")).isPresent();
        assertThat(policy.refusal("/etc/hosts.allow")).isPresent();
        assertThat(policy.refusal("/usr/bin/kubelet")).isPresent();
    }

    @Test
    void theDefaultNoLongerOpensAllOfEtc() {
        assertThat(policy.refusal("/etc/shadow")).get().asString().contains("outside the writable");
        assertThat(policy.refusal("/etc/sudoers.d/kubenode")).isPresent();
        assertThat(policy.refusal("/etc/cron.d/evil")).isPresent();
        assertThat(policy.refusal("/etc/profile.d/evil.sh")).isPresent();
        assertThat(policy.refusal("/etc/kubenode/controller.crt")).isPresent();
    }

    @Test
    void traversalAndRelativePathsAreRefused() {
        assertThat(policy.refusal("/etc/../root/.ssh/x")).get().asString().contains("not a normalized path");
        assertThat(policy.refusal("etc/hosts")).get().asString().contains("not an absolute path");
        assertThat(policy.refusal("/etc//hosts")).isPresent();
    }

    @Test
    void aNarrowerPolicyFromAgentYamlIsHonoured() {
        PathPolicy narrow = new PathPolicy(List.of("/etc/kubenode"), OWN);

        assertThat(narrow.refusal("/etc/kubenode/kubeadm/config.yaml")).isEmpty();
        assertThat(narrow.refusal("/etc/hosts")).isPresent();
    }

    @Test
    void theAgentsOwnConfigAndStateAreRefusedByDefault() {
        assertThat(policy.refusal("/etc/kubenode/agent.yaml")).get().asString()
                .contains("the agent's own configuration or state /etc/kubenode/agent.yaml");
        assertThat(policy.refusal("/var/lib/kubenode-agent/pki/ca.crt")).get().asString()
                .contains("inside the agent's own configuration or state /var/lib/kubenode-agent");
        assertThat(policy.refusal("/var/lib/kubenode-agent/enrollment.yaml")).isPresent();
    }

    @Test
    void theAgentsOwnFilesStayRefusedEvenWhenEverythingIsWritable() {
        PathPolicy everything = new PathPolicy(List.of("/"), OWN);

        assertThat(everything.refusal("/root/.ssh/authorized_keys")).isEmpty();
        assertThat(everything.refusal("/etc/kubenode/agent.yaml")).isPresent();
        assertThat(everything.refusal("/var/lib/kubenode-agent/pki/ca.crt")).isPresent();
        assertThat(everything.refusal("/var/lib/kubenode-agent")).isPresent();
    }

    @Test
    void aDirectoryAboveTheAgentsOwnFilesIsRefused() {
        PathPolicy everything = new PathPolicy(List.of("/"), OWN);

        assertThat(everything.refusal("/var/lib")).get().asString().contains("above the agent's own");
        assertThat(everything.refusal("/etc/kubenode")).isPresent();
        assertThat(everything.refusal("/")).isPresent();
        assertThat(everything.refusal("/etc/kubenode/kubeadm")).isEmpty();
    }

    @Test
    void theProtectedPathsAreTheOnesTheAgentRunsWith() {
        PathPolicy moved = new PathPolicy(List.of("/etc", "/srv"), List.of("/srv/agent/agent.yaml", "/srv/state/"));

        assertThat(moved.refusal("/srv/agent/agent.yaml")).isPresent();
        assertThat(moved.refusal("/srv/state/pki/ca.crt")).isPresent();
        assertThat(moved.refusal("/etc/kubenode/agent.yaml")).as("not this agent's config").isEmpty();
    }

    @Test
    void aRelativeOrUnnormalizedProtectedPathIsResolvedBeforeComparing() {
        PathPolicy policy = new PathPolicy(List.of("/"), List.of("/etc/kubenode/../kubenode/./agent.yaml"));

        assertThat(policy.protectedPaths()).containsExactly("/etc/kubenode/agent.yaml");
        assertThat(policy.refusal("/etc/kubenode/agent.yaml")).isPresent();
    }
}
