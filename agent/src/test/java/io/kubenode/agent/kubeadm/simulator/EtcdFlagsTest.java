package io.kubenode.agent.kubeadm.simulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The etcd flags a kubelet stand-in reads back from the static pod manifest to start the member after a reboot. */
class EtcdFlagsTest {
    @TempDir
    Path root;

    @Test
    void theManifestStaticPodsWritesGivesTheSameFlagsBack() throws Exception {
        EtcdFlags joined = new EtcdFlags("node2.internal", "192.0.2.131",
                "node1.internal=https://192.0.2.130:2380,node2.internal=https://192.0.2.131:2380", "existing");
        SimulatorEnv env = new SimulatorEnv(root, "127.0.0.1", root.resolve("cluster"));
        StaticPods.write(env, joined.nodeName(), joined.address(), 6443, null, joined);

        String manifest = Files.readString(env.host(StaticPods.DIR + "/etcd.yaml"));

        assertThat(EtcdFlags.fromManifest(manifest)).isEqualTo(Optional.of(joined));
    }

    @Test
    void aManifestWithoutAMembersFlagsGivesNone() throws Exception {
        SimulatorEnv env = new SimulatorEnv(root, "127.0.0.1", root.resolve("cluster"));
        StaticPods.write(env, "node1.internal", "192.0.2.130", 6443, null);

        assertThat(EtcdFlags.fromManifest(Files.readString(env.host(StaticPods.DIR + "/etcd.yaml")))).isEmpty();
    }
}
