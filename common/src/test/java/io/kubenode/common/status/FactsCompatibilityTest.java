package io.kubenode.common.status;

import io.kubenode.common.document.DocumentReader;
import io.kubenode.common.document.ReadResult;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Facts fields added later are optional: a status from an agent that does not send them still reads. */
class FactsCompatibilityTest {

    private static final String STATUS_WITHOUT_CGROUP_DRIVERS = """
            {"node":"node1.internal","observedGeneration":3,"appliedGeneration":3,"contentHash":"sha256:00",
             "converged":true,"sandbox":false,"reportedAt":"2026-12-03T23:00:00Z","lastPass":null,"counts":{},
             "resources":[],"conditions":[],
             "facts":{"hostname":"node1.internal","machineId":"m1","productUuid":"u1","interfaces":[],"cpus":2,
                      "memoryBytes":2147483648,"swapBytes":0,"kernel":"6.1","osId":"centos","osVersion":"9",
                      "osFamily":"rhel","selinux":"permissive","cgroupVersion":2,"containerdVersion":null,
                      "kubeletVersion":null}}
            """;

    @Test
    void aStatusWithoutTheCgroupDriverFactsReadsWithThemUnknown() {
        ReadResult<NodeStatus> read = DocumentReader.read(
                STATUS_WITHOUT_CGROUP_DRIVERS.getBytes(StandardCharsets.UTF_8), NodeStatus.class);

        assertThat(read).isInstanceOf(ReadResult.Read.class);
        Facts facts = ((ReadResult.Read<NodeStatus>) read).value().facts();
        assertThat(facts.cpus()).isEqualTo(2);
        assertThat(facts.containerdCgroupDriver()).isNull();
        assertThat(facts.kubeletCgroupDriver()).isNull();
        assertThat(((ReadResult.Read<NodeStatus>) read).value().metrics()).as("an agent that predates the metrics "
                + "endpoint in its status").isNull();
    }
}
