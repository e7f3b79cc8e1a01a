package io.kubenode.controller.compiler;

/**
 * One concern of a node (host basics, kernel, container runtime ...) turned into catalog resources, like a kOps
 * nodeup model builder. Builders run in the order of {@link ModelBuilders#ALL}; a later one may depend on ids an
 * earlier one added.
 */
public interface NodeModelBuilder {
    void build(NodeContext node, CatalogDraft catalog);
}
