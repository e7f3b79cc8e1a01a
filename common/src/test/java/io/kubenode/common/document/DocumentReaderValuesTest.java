package io.kubenode.common.document;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.cluster.Swap;
import io.kubenode.common.validation.Problem;
import org.junit.jupiter.api.Test;

import static io.kubenode.common.document.Reads.MINIMAL;
import static io.kubenode.common.document.Reads.onlyProblem;
import static io.kubenode.common.document.Reads.read;
import static org.assertj.core.api.Assertions.assertThat;

/** Values: types named in errors, versions kept as written, enums by their wire names, JSON as well as YAML. */
class DocumentReaderValuesTest {
    private static final String EXAMPLE = ClusterDocuments.exampleText();

    @Test
    void wrongTypeNamesThePathAndAnInteger() {
        Problem problem = onlyProblem(EXAMPLE.replace("port: 8888", "port: \"abc\""));

        assertThat(problem.path()).isEqualTo("spec.controlPlaneEndpoint.port");
        assertThat(problem.message()).startsWith("expected an integer, got 'abc'");
    }

    @Test
    void fractionalPortIsRefusedNotTruncated() {
        Problem problem = onlyProblem(EXAMPLE.replace("port: 8888", "port: 8888.5"));

        assertThat(problem.path()).isEqualTo("spec.controlPlaneEndpoint.port");
        assertThat(problem.message()).startsWith("expected an integer, got '8888.5'");
    }

    @Test
    void wrongTypeNamesTrueOrFalseAndAList() {
        Problem notBoolean = onlyProblem(EXAMPLE.replace("systemdCgroup: true", "systemdCgroup: maybe"));
        Problem notList = onlyProblem(EXAMPLE.replace("kernelModules: [overlay, br_netfilter]", "kernelModules: overlay"));

        assertThat(notBoolean.path()).isEqualTo("spec.containerRuntime.containerd.systemdCgroup");
        assertThat(notBoolean.message()).startsWith("expected true or false");
        assertThat(notList.path()).isEqualTo("spec.host.kernelModules");
        assertThat(notList.message()).startsWith("expected a list");
    }

    @Test
    void firewallFieldsReadAndWrongTypesNameTheirPath() {
        String firewall = "    firewall: auto ";
        assertThat(EXAMPLE).contains(firewall);
        Cluster cluster = read(EXAMPLE.replace(firewall, "    nodePorts: false\n    extraPorts: [9100/tcp]\n"
                + firewall).replace("role: worker}", "role: worker, extraPorts: [443/tcp]}"));
        Problem notBoolean = onlyProblem(EXAMPLE.replace(firewall, "    nodePorts: maybe\n" + firewall));
        Problem notList = onlyProblem(EXAMPLE.replace(firewall, "    extraPorts: 9100/tcp\n" + firewall));

        assertThat(cluster.spec().host().firewall()).isEqualTo("auto");
        assertThat(cluster.spec().host().nodePorts()).isFalse();
        assertThat(cluster.spec().host().extraPorts()).containsExactly("9100/tcp");
        assertThat(cluster.spec().nodes().get(4).extraPorts()).containsExactly("443/tcp");
        assertThat(notBoolean.path()).isEqualTo("spec.host.nodePorts");
        assertThat(notBoolean.message()).startsWith("expected true or false");
        assertThat(notList.path()).isEqualTo("spec.host.extraPorts");
        assertThat(notList.message()).startsWith("expected a list");
    }

    @Test
    void versionsStayTheStringsWritten() {
        Cluster cluster = read(EXAMPLE.replace("      version: 1.7.0\n", "      version: 1.10\n")
                .replace("version: 1.32.2 ", "version: 1.30 "));

        assertThat(cluster.spec().containerRuntime().containerd().version()).isEqualTo("1.10");
        assertThat(cluster.spec().kubernetes().version()).isEqualTo("1.30");
    }

    @Test
    void jsonNumberVersionStaysTheStringWritten() {
        Cluster cluster = read("{\"apiVersion\": \"kubenode.io/v1alpha1\", \"spec\": {\"containerRuntime\": "
                + "{\"containerd\": {\"version\": 1.10}}}}");

        assertThat(cluster.spec().containerRuntime().containerd().version()).isEqualTo("1.10");
    }

    @Test
    void jsonInputReadsToTheSameCluster() {
        Cluster fromYaml = read(EXAMPLE);
        String json = "  \n" + Documents.toJson(fromYaml);
        assertThat(Documents.forText(json)).isSameAs(Documents.json());

        assertThat(read(json)).isEqualTo(fromYaml);
    }

    @Test
    void unknownFieldInJsonNamesThePath() {
        Problem problem = onlyProblem("{\"apiVersion\": \"kubenode.io/v1alpha1\", \"metadata\": {\"nmae\": \"lab\"}}");

        assertThat(problem.path()).isEqualTo("metadata.nmae");
        assertThat(problem.message()).startsWith("unknown field 'nmae' (expected one of: name)");
    }

    @Test
    void swapOffParsesToOff() {
        assertThat(read(MINIMAL + "spec: {host: {swap: off}}\n").spec().host().swap()).isEqualTo(Swap.OFF);
        assertThat(read(MINIMAL + "spec: {host: {swap: false}}\n").spec().host().swap()).isEqualTo(Swap.OFF);
        assertThat(read(MINIMAL + "spec: {host: {swap: \"off\"}}\n").spec().host().swap()).isEqualTo(Swap.OFF);
        assertThat(read(MINIMAL + "spec: {host: {swap: on}}\n").spec().host().swap()).isEqualTo(Swap.ON);
    }

    @Test
    void unknownSwapValueNamesThePath() {
        Problem problem = onlyProblem(MINIMAL + "spec: {host: {swap: maybe}}\n");

        assertThat(problem.path()).isEqualTo("spec.host.swap");
        assertThat(problem.message()).startsWith("expected off or on, got 'maybe'");
    }

    @Test
    void osFamilyIsReadByItsWireName() {
        assertThat(read(MINIMAL + "spec: {host: {osFamily: debian}}\n").spec().host().osFamily())
                .isEqualTo(OsFamily.DEBIAN);
    }

    @Test
    void badOsFamilyNamesThePath() {
        Problem problem = onlyProblem(MINIMAL + "spec:\n  host:\n    osFamily: windows\n");

        assertThat(problem.path()).isEqualTo("spec.host.osFamily");
        assertThat(problem.message()).startsWith("expected one of rhel, debian, got 'windows' (line 6, column 15)");
    }

    @Test
    void badNodeOsFamilyNamesTheNode() {
        Problem problem = onlyProblem(MINIMAL + "spec: {nodes: [{name: a}, {name: b, osFamily: Debian}]}\n");

        assertThat(problem.path()).isEqualTo("spec.nodes[1].osFamily");
        assertThat(problem.message()).startsWith("expected one of rhel, debian, got 'Debian'");
    }
}
