package io.kubenode.controller.rollout;

import io.kubenode.common.catalog.CatalogResource;
import io.kubenode.common.catalog.ClusterNodeSpec;
import io.kubenode.common.catalog.DrainSpec;
import io.kubenode.common.catalog.EtcdMemberSpec;
import io.kubenode.common.catalog.KubeadmSpec;
import io.kubenode.common.catalog.KubeadmTokenSpec;
import io.kubenode.common.catalog.ManifestSpec;
import io.kubenode.common.catalog.NodeCatalog;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.catalog.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which services a node's new catalog would restart, from the two catalogs alone (a pure function): the agent
 * restarts a service when a resource that notifies it changed, a package upgrade restarts the services that depend
 * on the package (the package's own scripts try-restart them), and a service whose desired state turns to stopped
 * is stopped. A node's first catalog interrupts nothing (nothing of it runs yet), and the orchestration's own steps
 * (kubeadm, its token, manifests, a rollout's drains, a departure's steps) are ordered by the orchestration, not rolled.
 */
public final class DisruptionClassifier {
    private static final Set<String> ORCHESTRATION_TYPES = Set.of(KubeadmSpec.TYPE, KubeadmTokenSpec.TYPE,
            ManifestSpec.TYPE, DrainSpec.TYPE, EtcdMemberSpec.TYPE, ClusterNodeSpec.TYPE);

    private DisruptionClassifier() {
    }

    /** @param previous the catalog the node holds now; null when it has none yet */
    public static Disruption classify(NodeCatalog.Spec previous, NodeCatalog.Spec next) {
        if (previous == null) {
            return Disruption.none();
        }
        Map<String, CatalogResource> before = previous.resources().stream()
                .collect(Collectors.toMap(CatalogResource::id, Function.identity(), (a, b) -> a));
        Map<String, List<String>> restarts = new LinkedHashMap<>();
        List<String> stops = new ArrayList<>();
        for (CatalogResource resource : next.resources()) {
            CatalogResource old = before.get(resource.id());
            if (old == null || ORCHESTRATION_TYPES.contains(resource.type())
                    || Objects.equals(old.spec(), resource.spec())) {
                // A resource new to the node starts something rather than interrupting it.
                continue;
            }
            for (String service : resource.notifies()) {
                restart(restarts, service, resource.id());
            }
            if (resource.spec() instanceof PackageSpec pkg && old.spec() instanceof PackageSpec oldPkg
                    && pkg.version() != null && !pkg.version().equals(oldPkg.version())) {
                for (CatalogResource dependent : next.resources()) {
                    if (dependent.spec() instanceof ServiceSpec && dependent.dependsOn().contains(resource.id())) {
                        restart(restarts, dependent.id(), resource.id());
                    }
                }
            }
            if (resource.spec() instanceof ServiceSpec service && old.spec() instanceof ServiceSpec oldService
                    && ServiceSpec.STOPPED.equals(service.state()) && !ServiceSpec.STOPPED.equals(oldService.state())) {
                stops.add(resource.id());
            }
        }
        return new Disruption(restarts, stops);
    }

    private static void restart(Map<String, List<String>> restarts, String service, String cause) {
        List<String> causes = restarts.computeIfAbsent(service, key -> new ArrayList<>());
        if (!causes.contains(cause)) {
            causes.add(cause);
        }
    }
}
