package io.kubenode.common.validation;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.Expected.warning;

class ContainerRuntimeRulesTest {
    private static final String RUNTIME = "spec.containerRuntime";
    private static final String CONTAINERD = RUNTIME + ".containerd";

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("missing container runtime section is not managed", doc -> doc.remove(RUNTIME)),
                RuleCase.of("missing containerd is an error", doc -> doc.remove(CONTAINERD),
                        error(CONTAINERD, "required")),
                RuleCase.of("missing runc is an error", doc -> doc.remove(RUNTIME + ".runc"),
                        error(RUNTIME + ".runc", "required")),
                RuleCase.of("missing CNI plugins is an error", doc -> doc.remove(RUNTIME + ".cniPlugins"),
                        error(RUNTIME + ".cniPlugins", "required")),
                RuleCase.of("systemdCgroup false is a warning", doc -> doc.set(CONTAINERD + ".systemdCgroup", false),
                        warning(CONTAINERD + ".systemdCgroup", "false: containerd and the kubelet will use the "
                                + "cgroupfs driver on a systemd host; kubeadm recommends systemd")),
                RuleCase.of("missing systemdCgroup means systemd", doc -> doc.remove(CONTAINERD + ".systemdCgroup")),
                RuleCase.of("sandboxImage with a space is an error",
                        doc -> doc.set(CONTAINERD + ".sandboxImage", "registry.k8s.io/pause 3.10"),
                        error(CONTAINERD + ".sandboxImage", "expected an image reference like "
                                + "registry.k8s.io/pause:3.10, got 'registry.k8s.io/pause 3.10'")),
                RuleCase.of("upper-case sandboxImage is an error",
                        doc -> doc.set(CONTAINERD + ".sandboxImage", "Registry.k8s.io/pause:3.10"),
                        error(CONTAINERD + ".sandboxImage", "expected an image reference")),
                RuleCase.of("sandboxImage with a digest is accepted",
                        doc -> doc.set(CONTAINERD + ".sandboxImage", "registry.k8s.io/pause@sha256:"
                                + "ee6521f290b2168b6e0935a181d4cff9be1ac3f505666ef0e3c98fae8199917a")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachContainerRuntimeProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }
}
