package io.kubenode.controller.api;

import io.kubenode.controller.orchestration.BootstrapToken;
import io.kubenode.controller.orchestration.ClusterPhase;
import io.kubenode.controller.orchestration.KubeadmStep;
import io.kubenode.controller.orchestration.NodePhase;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Orchestration records of the seed's five nodes for route and CLI tests: a bring-up in the middle of its control
 * plane joins, with a retried join whose failure output holds a bootstrap token and a private key (what a careless
 * tool might print), so tests can check that neither reaches any answer.
 */
public final class OrchestrationRecords {
    /** A made-up token: its id may show, its secret never. */
    public static final String TOKEN_ID = "abcdef";
    public static final String TOKEN_SECRET = "0123456789abcdef";
    public static final String KEY_BODY = "MHcCAQEEIBkubenodetestkeymaterialthatmustneverleakAoGCCqGSM49";

    private OrchestrationRecords() {
    }

    /** node1 joined (init), node2 failed its first join and is being retried, node3 waits, workers prepared. */
    public static OrchestrationRecord joiningControlPlanes(Instant start) {
        Map<String, String> entered = new LinkedHashMap<>();
        entered.put("WaitingForNodes", at(start, 0));
        entered.put("Preparing", at(start, 30));
        entered.put("Preflight", at(start, 150));
        entered.put("Initializing", at(start, 152));
        entered.put("InstallingNetwork", at(start, 212));
        entered.put("JoiningControlPlanes", at(start, 230));
        Map<String, NodeRecord> nodes = new LinkedHashMap<>();
        nodes.put("node1.internal", new NodeRecord(NodePhase.Joined, at(start, 200), "kubeadm init in sync",
                new Released(true, new KubeadmStep("init", 1, at(start, 152)), null, TOKEN_ID, true, true), 1, null,
                null, at(start, 200)));
        nodes.put("node2.internal", new NodeRecord(NodePhase.Joining, at(start, 300),
                "joining the control plane, attempt 2", new Released(true, new KubeadmStep("join", 2, at(start, 300)),
                TOKEN_ID, null, false, true), 2, null, failure(), null));
        nodes.put("node3.internal", new NodeRecord(NodePhase.Preparing, at(start, 30), "waiting for node2.internal",
                Released.NOTHING, 0, null, null, null));
        nodes.put("node4.internal", new NodeRecord(NodePhase.Preparing, at(start, 30), "host preparation converged",
                Released.NOTHING, 0, null, null, null));
        nodes.put("node5.internal", NodeRecord.pending(at(start, 0)));
        return new OrchestrationRecord(ClusterPhase.JoiningControlPlanes, at(start, 230),
                "joining node2.internal (2/3 control planes)", entered, nodes,
                new BootstrapToken(TOKEN_ID, "node1.internal", "present", at(start, 1130), at(start, 152)));
    }

    /** The same nodes, node1 and node2 joined, the cluster Ready. */
    public static OrchestrationRecord ready(Instant start) {
        OrchestrationRecord joining = joiningControlPlanes(start);
        Map<String, String> entered = new LinkedHashMap<>(joining.phaseEnteredAt());
        entered.put("JoiningWorkers", at(start, 400));
        entered.put("Verifying", at(start, 500));
        entered.put("Ready", at(start, 510));
        Map<String, NodeRecord> nodes = new LinkedHashMap<>(joining.nodes());
        NodeRecord node2 = nodes.get("node2.internal");
        nodes.put("node2.internal", new NodeRecord(NodePhase.Ready, at(start, 510), "joined and verified",
                node2.released(), 2, null, node2.lastFailure(), at(start, 350)));
        return new OrchestrationRecord(ClusterPhase.Ready, at(start, 510), "every node Ready", entered, nodes, null);
    }

    /** What the simulator's kubeadm printed on the failed first join, with secrets no tool should print. */
    static String failure() {
        return "kubeadm join exited 1 after 12.3 s; last output:\n"
                + "[preflight] Running pre-flight checks\n"
                + "error execution phase preflight: couldn't validate the identity of the API Server: token "
                + TOKEN_ID + "." + TOKEN_SECRET + " not found\n"
                + "-----BEGIN EC PRIVATE KEY-----\n" + KEY_BODY + "\n-----END EC PRIVATE KEY-----\n"
                + "To see the stack trace of this error execute with --v=5 or higher";
    }

    private static String at(Instant start, long seconds) {
        return start.plusSeconds(seconds).toString();
    }
}
