package io.kubenode.controller.orchestration.loop;

import io.kubenode.controller.clusterpki.ClusterPki;
import io.kubenode.controller.clusterpki.ClusterPkiCustody;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecretSource;
import io.kubenode.controller.compiler.orchestration.OrchestrationSecrets;
import io.kubenode.controller.orchestration.NodeRecord;
import io.kubenode.controller.orchestration.OrchestrationRecord;
import io.kubenode.controller.orchestration.Released;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The secrets a record's released steps need, from the store: the cluster PKI (made on the first record that needs
 * it, before that record is written) and every bootstrap token the record names. Blocking.
 */
public final class SealedOrchestrationSecrets implements OrchestrationSecretSource {
    private final ClusterPkiCustody pki;
    private final BootstrapTokenSecrets tokens;

    public SealedOrchestrationSecrets(ClusterPkiCustody pki, BootstrapTokenSecrets tokens) {
        this.pki = pki;
        this.tokens = tokens;
    }

    @Override
    public OrchestrationSecrets secretsFor(OrchestrationRecord record) {
        boolean needsPki = false;
        Set<String> ids = new TreeSet<>();
        for (NodeRecord node : record.nodes().values()) {
            Released released = node.released();
            needsPki |= released.clusterPki() || released.discoveryToken() != null;
            addIfSet(ids, released.initToken());
            addIfSet(ids, released.discoveryToken());
        }
        if (record.token() != null && record.token().holder() != null) {
            ids.add(record.token().id());
        }
        Optional<ClusterPki> cluster = needsPki ? Optional.of(pki.getOrCreate()) : Optional.empty();
        Map<String, String> values = new TreeMap<>();
        ids.forEach(id -> values.put(id, tokens.value(id)));
        return new OrchestrationSecrets(cluster, values);
    }

    /** The cluster PKI, generated and stored once per cluster as soon as there is a cluster to orchestrate. */
    @Override
    public void prepare() {
        pki.getOrCreate();
    }

    private static void addIfSet(Set<String> ids, String id) {
        if (id != null) {
            ids.add(id);
        }
    }
}
