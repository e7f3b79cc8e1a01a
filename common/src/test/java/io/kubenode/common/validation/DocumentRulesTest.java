package io.kubenode.common.validation;

import io.kubenode.common.document.ClusterDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.kubenode.common.validation.Expected.error;
import static io.kubenode.common.validation.ValidationAssertions.assertExactly;

class DocumentRulesTest {

    static Stream<RuleCase> cases() {
        return Stream.of(
                RuleCase.of("wrong apiVersion is an error", doc -> doc.set("apiVersion", "kubenode.io/v1"),
                        error("apiVersion", "expected kubenode.io/v1alpha1, got 'kubenode.io/v1'")),
                RuleCase.of("missing apiVersion is an error", doc -> doc.remove("apiVersion"),
                        error("apiVersion", "required")),
                RuleCase.of("blank apiVersion is an error", doc -> doc.set("apiVersion", "  "),
                        error("apiVersion", "required")),
                RuleCase.of("wrong kind is an error", doc -> doc.set("kind", "NodeCatalog"),
                        error("kind", "expected Cluster, got 'NodeCatalog'")),
                RuleCase.of("missing kind is an error", doc -> doc.remove("kind"),
                        error("kind", "required")),
                RuleCase.of("missing metadata is an error", doc -> doc.remove("metadata"),
                        error("metadata", "required")),
                RuleCase.of("missing metadata.name is an error", doc -> doc.remove("metadata.name"),
                        error("metadata.name", "required")),
                RuleCase.of("upper-case cluster name is an error", doc -> doc.set("metadata.name", "Lab"),
                        error("metadata.name", "'Lab' is not a DNS-1123 name")),
                RuleCase.of("underscore in cluster name is an error", doc -> doc.set("metadata.name", "lab_1"),
                        error("metadata.name", "'lab_1' is not a DNS-1123 name")),
                RuleCase.of("cluster name with dots is accepted", doc -> doc.set("metadata.name", "lab.example.com")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsEachDocumentProblemAtItsPath(RuleCase rule) {
        ValidationAssertions.assertCase(rule);
    }

    @Test
    void missingSpecIsAnErrorAndNothingElseIsChecked() {
        ValidationResult result = ClusterDocuments.example().remove("spec").set("kind", "Clusterr").validate();

        assertExactly(result, List.of(error("spec", "required"), error("kind", "expected Cluster")));
    }
}
