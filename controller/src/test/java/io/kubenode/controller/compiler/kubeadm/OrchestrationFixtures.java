package io.kubenode.controller.compiler.kubeadm;

import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.compiler.orchestration.CompileOrchestration;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecrets;
import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Fixed, obviously fake secrets (so golden catalogs are stable and readable) and records of the seed cluster at the
 * moments the golden files show. The PKI "files" are not keys: the compiler copies bytes, it never parses them.
 */
public final class OrchestrationFixtures {
    public static final String NOW = "2026-12-04T03:00:00Z";
    public static final String INIT_TOKEN_ID = "abcdef";
    public static final String INIT_TOKEN = "abcdef.0123456789abcdef";
    public static final String REFRESHED_TOKEN_ID = "ghijkl";
    public static final String REFRESHED_TOKEN = "ghijkl.fedcba9876543210";

    private OrchestrationFixtures() {
    }

    public static ClusterPki fakePki() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String path : ClusterPki.PATHS) {
            String label = ClusterPki.isPrivateKey(path) ? "TEST PRIVATE KEY" : "TEST CERTIFICATE";
            files.put(path, ("-----BEGIN " + label + "-----\nfixture-secret-of-" + path + "\n-----END " + label
                    + "-----\n").getBytes(StandardCharsets.US_ASCII));
        }
        return new ClusterPki(files);
    }

    public static OrchestrationSecrets secrets() {
        return new OrchestrationSecrets(Optional.of(fakePki()), Map.of(INIT_TOKEN_ID, INIT_TOKEN,
                REFRESHED_TOKEN_ID, REFRESHED_TOKEN));
    }

    public static NodeRecord node(NodePhase phase, Released released) {
        return new NodeRecord(phase, NOW, phase.name(), released, released.kubeadm() == null ? 0 : 1, null, null,
                null);
    }

    public static KubeadmStep step(String action) {
        return new KubeadmStep(action, 1, NOW);
    }

    /** The init node running kubeadm init with the first token in its configuration. */
    public static OrchestrationRecord initializing() {
        return record(ClusterPhase.Initializing, Map.of("node1.internal", node(NodePhase.Joining,
                new Released(true, step("init"), null, INIT_TOKEN_ID, false, false))), null);
    }

    /** node1 joined with the CNI applied and holding a refreshed token; node2 joining as a control plane. */
    public static OrchestrationRecord joiningControlPlane() {
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        nodes.put("node1.internal", node(NodePhase.Joined, new Released(true, step("init"), null, INIT_TOKEN_ID,
                true, true)));
        nodes.put("node2.internal", node(NodePhase.Joining, new Released(true, step("join"), INIT_TOKEN_ID, null,
                false, true)));
        return record(ClusterPhase.JoiningControlPlanes, nodes, new BootstrapToken(REFRESHED_TOKEN_ID,
                "node1.internal", "present", "2026-12-04T03:15:00Z", NOW));
    }

    /** A worker joining with the refreshed token. */
    public static OrchestrationRecord joiningWorker() {
        Map<String, NodeRecord> nodes = new LinkedHashMap<>(joiningControlPlane().nodes());
        nodes.put("node4.internal", node(NodePhase.Joining, new Released(false, step("join"), REFRESHED_TOKEN_ID,
                null, false, true)));
        return record(ClusterPhase.JoiningWorkers, nodes, joiningControlPlane().token());
    }

    public static OrchestrationRecord record(ClusterPhase phase, Map<String, NodeRecord> nodes,
                                             BootstrapToken token) {
        return new OrchestrationRecord(phase, NOW, phase.name(), Map.of(phase.name(), NOW), nodes, token);
    }

    public static CompileOrchestration compile(OrchestrationRecord record) {
        return new CompileOrchestration(record, secrets());
    }
}
