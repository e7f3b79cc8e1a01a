package io.kubenode.common.document;

import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.validation.Problem;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Shortcuts for reading Cluster text through DocumentReader in tests. */
final class Reads {
    static final String MINIMAL = "apiVersion: kubenode.io/v1alpha1\nkind: Cluster\nmetadata: {name: lab}\n";

    private Reads() {
    }

    static Cluster read(String text) {
        ReadResult<Cluster> result = DocumentReader.read(bytes(text), Cluster.class);
        assertThat(result).as("read result").isInstanceOf(ReadResult.Read.class);
        return ((ReadResult.Read<Cluster>) result).value();
    }

    static Problem onlyProblem(String text) {
        return assertThat(problems(DocumentReader.read(bytes(text), Cluster.class))).singleElement().actual();
    }

    static List<Problem> problems(ReadResult<Cluster> result) {
        assertThat(result).as("read result").isInstanceOf(ReadResult.Unreadable.class);
        return ((ReadResult.Unreadable<Cluster>) result).problems();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static int lineOf(String text, String fragment) {
        return (int) text.substring(0, text.indexOf(fragment)).chars().filter(c -> c == '\n').count() + 1;
    }
}
