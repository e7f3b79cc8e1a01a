package io.kubenode.controller.compiler.kubernetes;

import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.PackageSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.cluster.OsFamily;
import io.kubenode.common.cluster.PackageRepository;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.ManagedHeader;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;
import io.kubenode.controller.compiler.runtime.ContainerRuntimeBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The Kubernetes package repository, held back from routine upgrades (dnf exclude=, apt pinning), and
 * kubelet/kubeadm/kubectl pinned to spec.kubernetes.version; kubelet enabled.
 */
public final class KubernetesPackagesBuilder implements NodeModelBuilder {
    public static final String REPO_ID = "kubernetes";
    public static final String YUM_REPO_FILE = "/etc/yum.repos.d/kubernetes.repo";
    public static final String APT_KEY_FILE = "/etc/apt/keyrings/kubernetes-apt-keyring.asc";
    public static final String APT_SOURCES_FILE = "/etc/apt/sources.list.d/kubernetes.list";
    public static final String APT_PIN_FILE = "/etc/apt/preferences.d/kubernetes";
    public static final List<String> PINNED = List.of("kubelet", "kubeadm", "kubectl");
    /** What the repository must not upgrade behind the admin's back: the pinned trio and what they pull in. */
    static final List<String> HELD_BACK = List.of("kubelet", "kubeadm", "kubectl", "cri-tools", "kubernetes-cni");

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        PackageRepository repository = node.spec().kubernetes().packageRepository();
        List<String> repositoryIds = node.osFamily() == OsFamily.DEBIAN
                ? aptRepository(node, repository.apt(), catalog)
                : List.of(catalog.add(FileSpec.rootOwned(YUM_REPO_FILE, yumRepo(repository), "0644")));
        String version = node.kubernetesPackageVersion();
        String yumRepository = node.osFamily() == OsFamily.RHEL ? REPO_ID : null;
        for (String name : PINNED) {
            catalog.add(new PackageSpec(name, version, yumRepository), repositoryIds);
        }
        // Enabled only: the kubelet restarts in a loop until kubeadm writes its config, and kubeadm starts it.
        List<String> kubeletNeeds = new ArrayList<>(List.of("package:kubelet"));
        kubeletNeeds.addAll(catalog.present(ContainerRuntimeBuilder.SERVICE_ID));
        catalog.add(new ServiceSpec("kubelet", true, null), kubeletNeeds);
    }

    public static String yumRepo(PackageRepository repository) {
        return ManagedHeader.line("#", "spec.kubernetes.packageRepository") + """
                [kubernetes]
                name=Kubernetes
                baseurl=%s
                enabled=1
                gpgcheck=1
                gpgkey=%s
                exclude=%s
                """.formatted(repository.baseUrl(), repository.gpgKey(), String.join(" ", HELD_BACK));
    }

    private static List<String> aptRepository(NodeContext node, PackageRepository.AptRepository apt,
                                              CatalogDraft catalog) {
        String key = catalog.add(new ArchiveSpec("kubernetes-apt-key", null, apt.gpgKey(), apt.gpgKeySha256(),
                ArchiveSpec.FILE, APT_KEY_FILE, "0644", APT_KEY_FILE));
        String sources = catalog.add(FileSpec.rootOwned(APT_SOURCES_FILE,
                ManagedHeader.line("#", "spec.kubernetes.packageRepository.apt")
                        + "deb [signed-by=" + APT_KEY_FILE + "] " + apt.baseUrl() + " /\n", "0644"), List.of(key));
        String pin = catalog.add(FileSpec.rootOwned(APT_PIN_FILE, ManagedHeader.line("#", "spec.kubernetes.version")
                + "Package: " + String.join(" ", PINNED) + "\n"
                + "Pin: version " + node.kubernetesPackageVersion() + "-*\n"
                + "Pin-Priority: 1001\n", "0644"));
        return List.of(key, sources, pin);
    }
}
