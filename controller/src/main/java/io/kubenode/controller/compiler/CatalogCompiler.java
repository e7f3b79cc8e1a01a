package io.kubenode.controller.compiler;

import io.kubenode.common.catalog.CatalogChecks;
import io.kubenode.common.catalog.ResourceFields;
import io.kubenode.common.catalog.CatalogHash;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.cluster.Cluster;
import io.kubenode.common.cluster.NodeSpec;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.document.Documents;
import io.kubenode.common.document.SharedStrings;
import io.kubenode.common.validation.ClusterValidator;
import io.kubenode.common.validation.Problem;
import io.kubenode.common.validation.ValidationResult;
import io.kubenode.controller.compiler.orchestration.CompileOrchestration;

import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Cluster -> one NodeCatalog per node. Deterministic: the same document gives byte-identical catalogs.
 */
public final class CatalogCompiler {
    private final List<NodeModelBuilder> builders;

    public CatalogCompiler() {
        this(ModelBuilders.ALL);
    }

    public CatalogCompiler(List<NodeModelBuilder> builders) {
        this.builders = List.copyOf(builders);
    }

    /** Every node's catalog, in the order of spec.nodes; nodes compile in parallel (builders are stateless). */
    public List<NodeCatalog> compileAll(Cluster cluster) {
        return compileAll(cluster, CompileOrchestration.NONE);
    }

    /** As above, with what {@code orchestration} released to each node. */
    public List<NodeCatalog> compileAll(Cluster cluster, CompileOrchestration orchestration) {
        requireValid(cluster);
        ClusterWide shared = new ClusterWide();
        return cluster.spec().nodes().parallelStream()
                .map(node -> compileValid(cluster, node, null, shared, orchestration)).toList();
    }

    /**
     * Every node's catalog with its spec's canonical JSON, which the content hash is computed from: a server that
     * sends the catalogs reuses it instead of serialising a fleet's catalogs (tens of MB) once more.
     */
    public List<SerializedCatalog> compileAllSerialized(Cluster cluster) {
        return compileAllSerialized(cluster, CompileOrchestration.NONE);
    }

    /** As above, with what {@code orchestration} released to each node. */
    public List<SerializedCatalog> compileAllSerialized(Cluster cluster, CompileOrchestration orchestration) {
        requireValid(cluster);
        return compileSerialized(cluster, cluster.spec().nodes(), orchestration);
    }

    /**
     * The catalogs of the named nodes only (those an orchestration decision changed), in the order of spec.nodes;
     * names not in the document are skipped.
     */
    public List<SerializedCatalog> compileSerialized(Cluster cluster, Set<String> nodeNames,
                                                     CompileOrchestration orchestration) {
        requireValid(cluster);
        return compileSerialized(cluster, cluster.spec().nodes().stream()
                .filter(node -> nodeNames.contains(node.name())).toList(), orchestration);
    }

    /** {@code cluster} has been validated. */
    private List<SerializedCatalog> compileSerialized(Cluster cluster, Collection<NodeSpec> nodes,
                                                      CompileOrchestration orchestration) {
        ClusterWide shared = new ClusterWide();
        SharedStrings sharedText = new SharedStrings();
        ByteSlab slab = new ByteSlab();
        return nodes.parallelStream().map(node -> {
            NodeCatalog.Spec spec = compileSpec(cluster, node, null, shared, orchestration);
            SpecOutput json = SpecOutput.empty();
            Documents.writeCanonicalJson(spec, sharedText, json);
            NodeCatalog catalog = new NodeCatalog(NodeCatalog.API_VERSION, NodeCatalog.KIND, new NodeCatalog.Metadata(
                    cluster.metadata().name(), node.name(), 0, CatalogHash.ofCanonicalJson(json.array(), 0,
                    json.size())), spec);
            return new SerializedCatalog(catalog, slab.copyOf(json.array(), json.size()));
        }).toList();
    }

    public NodeCatalog compile(Cluster cluster, String nodeName) {
        return compile(cluster, nodeName, null);
    }

    /**
     * One node's catalog. {@code reportedFamily}: the OS family the node's agent reported, which wins over the
     * document's; null when unknown.
     */
    public NodeCatalog compile(Cluster cluster, String nodeName, OsFamily reportedFamily) {
        return compile(cluster, nodeName, reportedFamily, CompileOrchestration.NONE);
    }

    /** As above, with what {@code orchestration} released to the node. */
    public NodeCatalog compile(Cluster cluster, String nodeName, OsFamily reportedFamily,
                               CompileOrchestration orchestration) {
        requireValid(cluster);
        NodeSpec node = cluster.spec().nodes().stream().filter(each -> each.name().equals(nodeName)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no node named '" + nodeName + "' in spec.nodes"));
        return compileValid(cluster, node, reportedFamily, new ClusterWide(), orchestration);
    }

    private NodeCatalog compileValid(Cluster cluster, NodeSpec node, OsFamily reportedFamily, ClusterWide shared,
                                     CompileOrchestration orchestration) {
        return NodeCatalog.of(cluster.metadata().name(), node.name(), 0, compileSpec(cluster, node, reportedFamily,
                shared, orchestration));
    }

    private NodeCatalog.Spec compileSpec(Cluster cluster, NodeSpec node, OsFamily reportedFamily,
                                         ClusterWide shared, CompileOrchestration orchestration) {
        NodeContext context = new NodeContext(cluster, node, familyOf(cluster, node, reportedFamily), shared,
                orchestration.forNode(node.name()));
        requireRepositoryFor(context);
        CatalogDraft draft = new CatalogDraft();
        for (NodeModelBuilder builder : builders) {
            builder.build(context, draft);
        }
        NodeCatalog.Spec spec = new NodeCatalog.Spec(node.role(), context.osFamily(), draft.resources());
        CatalogChecks.requireWellFormed(spec);
        ResourceFields.requireValid(spec);
        return spec;
    }

    private static OsFamily familyOf(Cluster cluster, NodeSpec node, OsFamily reported) {
        if (reported != null) {
            return reported;
        }
        if (node.osFamily() != null) {
            return node.osFamily();
        }
        OsFamily clusterDefault = cluster.spec().host() == null ? null : cluster.spec().host().osFamily();
        return clusterDefault != null ? clusterDefault : OsFamily.DEFAULT;
    }

    /** A node's reported family may need a repository the document's validation did not ask for. */
    private static void requireRepositoryFor(NodeContext context) {
        if (context.osFamily() == OsFamily.DEBIAN && context.spec().kubernetes().packageRepository().apt() == null) {
            throw new InvalidClusterException(List.of(Problem.error("spec.kubernetes.packageRepository.apt",
                    "required: node " + context.node().name() + " runs a Debian-family OS")));
        }
        if (context.osFamily() == OsFamily.RHEL && context.spec().kubernetes().packageRepository().baseUrl() == null) {
            throw new InvalidClusterException(List.of(Problem.error("spec.kubernetes.packageRepository.baseUrl",
                    "required: node " + context.node().name() + " runs a RHEL-family OS")));
        }
    }

    private static void requireValid(Cluster cluster) {
        ValidationResult result = ClusterValidator.validate(cluster);
        if (!result.valid()) {
            throw new InvalidClusterException(result.errors());
        }
    }
}
