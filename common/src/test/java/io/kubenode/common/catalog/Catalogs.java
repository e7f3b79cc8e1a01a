package io.kubenode.common.catalog;

import io.kubenode.common.cluster.OsFamily;

import java.util.List;

/** Catalog fixtures: one resource of every type, wired with dependsOn and notify edges. */
final class Catalogs {
    static final String SYSCTL_CONF = "net.bridge.bridge-nf-call-iptables = 1\nnet.ipv4.ip_forward = 1\n";
    static final String HAPROXY_CFG = "global\n  log stdout format raw local0\n\nfrontend apiserver\n"
            + "  bind *:8888\n  default_backend apiservers\n";

    private Catalogs() {
    }

    static NodeCatalog.Spec everyType() {
        return new NodeCatalog.Spec("control-plane", OsFamily.RHEL, List.of(
                resource(new HostnameSpec("node1.internal")),
                resource(new SwapSpec(false)),
                resource(new SelinuxSpec("permissive")),
                resource(new KernelModuleSpec("br_netfilter")),
                resource(new SysctlSpec("net.ipv4.ip_forward", "1"), List.of("kernelModule:br_netfilter"), List.of()),
                resource(FileSpec.rootOwned("/etc/sysctl.d/99-kubenode.conf", SYSCTL_CONF, "0644")),
                resource(new ManagedBlockSpec("/etc/hosts", "kubenode", "192.168.0.66 k8s-cp.internal\n")),
                resource(new PackageSpec("kubelet", "1.32.2", "kubernetes")),
                resource(PackageSpec.any("haproxy")),
                resource(new ArchiveSpec("containerd", "1.7.0",
                        "https://github.com/containerd/containerd/releases/download/v1.7.0/containerd-1.7.0-linux-amd64.tar.gz",
                        "b068b05d58025dc9f2fc336674cac0e377a478930f29b48e068f97c783a423f0", ArchiveSpec.TAR_GZ,
                        "/usr/local", null, "/usr/local/bin/containerd")),
                resource(FileSpec.rootOwned("/etc/haproxy/haproxy.cfg", HAPROXY_CFG, "0644")
                                .validatedBy(AgentPolicyDefaults.HAPROXY_CHECK),
                        List.of("package:haproxy"), List.of("service:haproxy")),
                resource(new ServiceSpec("haproxy", true, ServiceSpec.RUNNING), List.of("package:haproxy"), List.of()),
                resource(new ServiceSpec("containerd", true, ServiceSpec.RUNNING), List.of("archive:containerd"),
                        List.of()),
                resource(new ProbeSpec("cri", ProbeSpec.CRI_SOCKET, "/run/containerd/containerd.sock", null, 5),
                        List.of("service:containerd"), List.of()),
                resource(ProbeSpec.haproxyServer("haproxy-apiserver", "/var/lib/haproxy/stats", "apiserver",
                        "node1.internal", 5), List.of(), List.of())));
    }

    static NodeCatalog.Spec spec(CatalogResource... resources) {
        return new NodeCatalog.Spec("worker", OsFamily.RHEL, List.of(resources));
    }

    static CatalogResource resource(ResourceSpec spec) {
        return new CatalogResource(spec.id(), List.of(), List.of(), spec);
    }

    static CatalogResource resource(ResourceSpec spec, List<String> dependsOn, List<String> notify) {
        return new CatalogResource(spec.id(), dependsOn, notify, spec);
    }

    static CatalogResource sysctl(String key, String... dependsOn) {
        return resource(new SysctlSpec(key, "1"), List.of(dependsOn), List.of());
    }
}
