package io.kubenode.agent.kubeadm.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What init/join left on the node for its daemon and for reset ({@code /var/lib/kubeadm-simulator/node.json}):
 * the node's name, role, and where its apiserver stand-in listens (control planes).
 */
record NodeState(String name, String role, String advertiseAddress, int bindPort) {
    static final String FILE = SimulatorEnv.STATE_DIR + "/node.json";

    boolean controlPlane() {
        return role.equals("control-plane");
    }

    void write(SimulatorEnv env) {
        try {
            ClusterStore.write(env.host(FILE), ClusterStore.JSON.writeValueAsBytes(this));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Optional<NodeState> read(SimulatorEnv env) {
        Path file = env.host(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(ClusterStore.JSON.readValue(file.toFile(), NodeState.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
