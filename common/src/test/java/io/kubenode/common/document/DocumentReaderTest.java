package io.kubenode.common.document;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.validation.Problem;
import io.kubenode.common.validation.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.kubenode.common.document.Reads.MINIMAL;
import static io.kubenode.common.document.Reads.bytes;
import static io.kubenode.common.document.Reads.lineOf;
import static io.kubenode.common.document.Reads.onlyProblem;
import static io.kubenode.common.document.Reads.problems;
import static io.kubenode.common.document.Reads.read;
import static org.assertj.core.api.Assertions.assertThat;

/** Bytes to document: size, encoding, emptiness, syntax, one document only, no duplicate or unknown keys. */
class DocumentReaderTest {
    private static final String EXAMPLE = ClusterDocuments.exampleText();

    @Test
    void readsTheExample() {
        Cluster cluster = read(EXAMPLE);

        assertThat(cluster.metadata().name()).isEqualTo("lab");
        assertThat(cluster.spec().nodes()).hasSize(5);
        assertThat(cluster.spec().controlPlaneEndpoint().port()).isEqualTo(8888);
        assertThat(cluster.spec().loadBalancer().keepalived().networkInterface()).isEqualTo("eth1");
        assertThat(cluster.spec().loadBalancer().keepalived().authPass()).isEqualTo("ZqSj#f1G");
        assertThat(cluster.spec().host().sysctl()).containsEntry("net.ipv4.ip_forward", "1");
    }

    @Test
    void unknownFieldIsAnErrorNamingThePathAndTheKnownFields() {
        String text = EXAMPLE.replace("address: 192.168.0.62", "adress: 192.168.0.62");

        Problem problem = onlyProblem(text);

        assertThat(problem.severity()).isEqualTo(Severity.ERROR);
        assertThat(problem.path()).isEqualTo("spec.nodes[1].adress");
        assertThat(problem.message())
                .startsWith("unknown field 'adress' (expected one of: address, extraPorts, init, kernelModules, "
                        + "name, osFamily, packages, role, sysctl)")
                .contains("(line " + lineOf(text, "adress:") + ", column ");
    }

    @Test
    void unknownFieldListsTheWireNameOfRenamedFields() {
        Problem problem = onlyProblem(EXAMPLE.replace("interface: eth1", "iface: eth1"));

        assertThat(problem.path()).isEqualTo("spec.loadBalancer.keepalived.iface");
        assertThat(problem.message()).contains("expected one of: authPass, checkIntervalSeconds, interface, virtualRouterId");
    }

    @Test
    void yamlSyntaxErrorReportsLineAndColumn() {
        Problem problem = onlyProblem("apiVersion: kubenode.io/v1alpha1\nkind: Cluster\n  metadata: {name: lab}\n");

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).startsWith("syntax error (line 3, column 11): ")
                .contains("mapping values are not allowed here");
    }

    @Test
    void tabIndentationIsASyntaxError() {
        Problem problem = onlyProblem("apiVersion: kubenode.io/v1alpha1\nmetadata:\n\tname: lab\n");

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).startsWith("syntax error (line ");
    }

    @Test
    void jsonSyntaxErrorReportsLineAndColumn() {
        Problem problem = onlyProblem("{\"apiVersion\": \"kubenode.io/v1alpha1\",\n \"kind\" \"Cluster\"}");

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).startsWith("syntax error (line 2, column ");
    }

    @Test
    void documentOverOneMebibyteIsRefusedBeforeParsing() {
        byte[] bytes = new byte[DocumentReader.MAX_BYTES + 1];
        Arrays.fill(bytes, (byte) 0xFF); // not UTF-8, not YAML: only the size check can speak

        ReadResult<Cluster> result = DocumentReader.read(bytes, Cluster.class);

        assertThat(problems(result)).containsExactly(Problem.error(Problem.DOCUMENT,
                "document is 1048577 bytes; the limit is 1 MiB (1048576 bytes)"));
    }

    @Test
    void documentOfExactlyOneMebibyteIsRead() {
        int missing = DocumentReader.MAX_BYTES - bytes(EXAMPLE).length;
        String line = "#" + "x".repeat(98) + "\n"; // short comment lines: a single 1 MiB line takes seconds to scan
        int fullLines = missing / line.length() - 1;
        int lastLine = missing - fullLines * line.length(); // 100..199 bytes
        String text = EXAMPLE + line.repeat(fullLines) + "#" + "y".repeat(lastLine - 2) + "\n";
        byte[] bytes = bytes(text);
        assertThat(bytes).hasSize(DocumentReader.MAX_BYTES);

        assertThat(DocumentReader.read(bytes, Cluster.class)).isInstanceOf(ReadResult.Read.class);
    }

    @Test
    void callerMayRaiseTheLimit() {
        String line = "#" + "x".repeat(98) + "\n";
        byte[] bytes = bytes(EXAMPLE + line.repeat(DocumentReader.MAX_BYTES / line.length() + 1));
        assertThat(bytes.length).isGreaterThan(DocumentReader.MAX_BYTES);

        assertThat(DocumentReader.read(bytes, Cluster.class)).isInstanceOf(ReadResult.Unreadable.class);
        assertThat(DocumentReader.read(bytes, Cluster.class, 2 * DocumentReader.MAX_BYTES))
                .isInstanceOf(ReadResult.Read.class);
    }

    @Test
    void callerMayLowerTheLimit() {
        Problem problem = assertThat(problems(DocumentReader.read(bytes(MINIMAL), Cluster.class, 10)))
                .singleElement().actual();

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).startsWith("document is " + bytes(MINIMAL).length + " bytes; the limit is ");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   \n\t\n", "~\n", "null\n"})
    void emptyDocumentIsRefused(String text) {
        assertThat(problems(DocumentReader.read(bytes(text), Cluster.class)))
                .containsExactly(Problem.error(Problem.DOCUMENT, "empty document"));
    }

    @Test
    void commentOnlyDocumentIsRefused() {
        Problem problem = onlyProblem("# nothing here yet\n");

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] latin1 = "metadata: {name: caf\u00e9}\n".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(problems(DocumentReader.read(latin1, Cluster.class)))
                .containsExactly(Problem.error(Problem.DOCUMENT, "not valid UTF-8"));
    }

    @Test
    void secondYamlDocumentInTheStreamIsRefused() {
        Problem problem = onlyProblem(MINIMAL + "---\n" + MINIMAL);

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).contains("(line 5, column 1)");
    }

    @Test
    void secondYamlDocumentIsNamedAsSuch() {
        Problem problem = onlyProblem(MINIMAL + "---\n" + MINIMAL);

        assertThat(problem.message()).startsWith("a second document (line 5, column 1)").doesNotContain("Jackson",
                "JsonNode", "FAIL_ON");
    }

    @Test
    void yamlAliasesAreRefusedNotMisread() {
        Problem problem = onlyProblem("apiVersion: &v kubenode.io/v1alpha1\nkind: *v\n");

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).isEqualTo("YAML alias *v (line 2, column 7): aliases are not supported; "
                + "write the value");
    }

    @Test
    void tabIndentationPointsAtTheTabAndSaysWhy() {
        Problem problem = onlyProblem("apiVersion: kubenode.io/v1alpha1\nmetadata:\n\tname: lab\n");

        assertThat(problem.message()).startsWith("syntax error (line 3, column 1)").contains("TAB");
    }

    @Test
    void secondJsonValueIsRefused() {
        Problem problem = onlyProblem("{\"apiVersion\": \"kubenode.io/v1alpha1\"}\n{\"kind\": \"Cluster\"}");

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).contains("(line 2, column 1)");
    }

    @Test
    void singleLeadingDocumentMarkerIsAccepted() {
        assertThat(read("---\n" + MINIMAL).metadata().name()).isEqualTo("lab");
    }

    @Test
    void duplicateKeyIsRefused() {
        Problem problem = onlyProblem(MINIMAL + "kind: Cluster\n");

        assertThat(problem.path()).isEqualTo(Problem.DOCUMENT);
        assertThat(problem.message()).startsWith("syntax error (line 4, ").contains("Duplicate field 'kind'");
    }

    @Test
    void duplicateMapKeyIsRefusedInsteadOfLastOneWinning() {
        String text = EXAMPLE.replace("      net.ipv4.ip_forward: \"1\"\n",
                "      net.ipv4.ip_forward: \"1\"\n      net.ipv4.ip_forward: \"0\"\n");

        Problem problem = onlyProblem(text);

        assertThat(problem.message()).contains("Duplicate field 'net.ipv4.ip_forward'");
    }
}
