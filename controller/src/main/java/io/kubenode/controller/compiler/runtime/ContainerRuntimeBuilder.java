package io.kubenode.controller.compiler.runtime;

import io.kubenode.common.catalog.ArchiveSpec;
import io.kubenode.common.catalog.FileSpec;
import io.kubenode.common.catalog.KernelModuleSpec;
import io.kubenode.common.catalog.ProbeSpec;
import io.kubenode.common.catalog.ResourceSpec;
import io.kubenode.common.catalog.ServiceSpec;
import io.kubenode.common.cluster.Artifact;
import io.kubenode.common.cluster.ContainerRuntimeSpec;
import io.kubenode.controller.compiler.CatalogDraft;
import io.kubenode.controller.compiler.NodeContext;
import io.kubenode.controller.compiler.NodeModelBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * containerd from its release tarball into /usr/local, runc into /usr/local/sbin, CNI plugins into /opt/cni/bin,
 * a rendered config.toml and unit (nothing unpinned is downloaded), the service, and a CRI health probe.
 */
public final class ContainerRuntimeBuilder implements NodeModelBuilder {
    public static final String CONFIG_FILE = "/etc/containerd/config.toml";
    public static final String UNIT_FILE = "/etc/systemd/system/containerd.service";
    public static final String SOCKET = "/run/containerd/containerd.sock";
    public static final String SERVICE_ID = ResourceSpec.id(ServiceSpec.TYPE, "containerd");
    /** The probe resource that says whether containerd's CRI answers on {@link #SOCKET}. */
    public static final String CRI_PROBE = "containerd-cri";

    @Override
    public void build(NodeContext node, CatalogDraft catalog) {
        ContainerRuntimeSpec runtime = node.spec().containerRuntime();
        if (runtime == null) {
            return;
        }
        ContainerRuntimeSpec.Containerd containerd = runtime.containerd();
        String binaries = catalog.add(archive("containerd", containerd.version(), containerd, ArchiveSpec.TAR_GZ,
                "/usr/local", null, "/usr/local/bin/containerd"), List.of(), List.of(SERVICE_ID));
        String runc = catalog.add(archive("runc", runtime.runc().version(), runtime.runc(), ArchiveSpec.FILE,
                "/usr/local/sbin/runc", "0755", "/usr/local/sbin/runc"));
        catalog.add(archive("cni-plugins", runtime.cniPlugins().version(), runtime.cniPlugins(), ArchiveSpec.TAR_GZ,
                "/opt/cni/bin", null, "/opt/cni/bin/bridge"));
        String config = catalog.add(FileSpec.rootOwned(CONFIG_FILE, ContainerdConfig.render(containerd), "0644"),
                List.of(), List.of(SERVICE_ID));
        String unit = catalog.add(FileSpec.rootOwned(UNIT_FILE, ContainerdUnit.render(containerd), "0644"),
                List.of(), List.of(SERVICE_ID));
        List<String> serviceNeeds = new ArrayList<>(List.of(binaries, runc, config, unit));
        serviceNeeds.addAll(catalog.present(ResourceSpec.id(KernelModuleSpec.TYPE, "overlay")));
        catalog.add(new ServiceSpec("containerd", true, ServiceSpec.RUNNING), serviceNeeds);
        catalog.add(new ProbeSpec(CRI_PROBE, ProbeSpec.CRI_SOCKET, SOCKET, null, 5), List.of(SERVICE_ID));
    }

    private static ArchiveSpec archive(String name, String version, Artifact artifact, String format,
                                       String destination, String mode, String creates) {
        return new ArchiveSpec(name, NodeContext.stripV(version), artifact.url(), artifact.sha256(), format,
                destination, mode, creates, artifact.size());
    }
}
