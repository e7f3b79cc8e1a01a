package io.kubenode.common.validation;

import io.kubenode.common.document.ClusterDocuments;

import java.util.List;
import java.util.function.Consumer;

/**
 * One row of a rule table: a change to the example document and every problem it must cause on top of the
 * example's own. No expected problem means the change is accepted.
 */
record RuleCase(String name, Consumer<ClusterDocuments> change, List<Expected> expected) {

    static RuleCase of(String name, Consumer<ClusterDocuments> change, Expected... expected) {
        return new RuleCase(name, change, List.of(expected));
    }

    ValidationResult validate() {
        ClusterDocuments document = ClusterDocuments.example();
        change.accept(document);
        return document.validate();
    }

    @Override
    public String toString() {
        return name;
    }
}
