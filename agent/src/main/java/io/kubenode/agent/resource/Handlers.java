package io.kubenode.agent.resource;

import io.kubenode.agent.engine.HandlerRegistry;
import io.kubenode.agent.engine.ResourceHandler;
import io.kubenode.agent.resource.archive.ArchiveHandler;
import io.kubenode.agent.resource.clusternode.ClusterNodeHandler;
import io.kubenode.agent.resource.drain.DrainHandler;
import io.kubenode.agent.resource.etcdmember.EtcdMemberHandler;
import io.kubenode.agent.resource.file.FileHandler;
import io.kubenode.agent.resource.firewall.FirewallHandler;
import io.kubenode.agent.resource.hostname.HostnameHandler;
import io.kubenode.agent.resource.kernelmodule.KernelModuleHandler;
import io.kubenode.agent.resource.kubeadm.KubeadmHandler;
import io.kubenode.agent.resource.kubeadmtoken.KubeadmTokenHandler;
import io.kubenode.agent.resource.managedblock.ManagedBlockHandler;
import io.kubenode.agent.resource.manifest.ManifestHandler;
import io.kubenode.agent.resource.pkg.PackageHandler;
import io.kubenode.agent.resource.probe.ProbeHandler;
import io.kubenode.agent.resource.selinux.SelinuxHandler;
import io.kubenode.agent.resource.service.ServiceHandler;
import io.kubenode.agent.resource.service.SystemctlProvider;
import io.kubenode.agent.resource.swap.SwapHandler;
import io.kubenode.agent.resource.sysctl.SysctlHandler;

import java.util.List;

/** Every resource type the agent knows, one handler each. */
public final class Handlers {
    private Handlers() {
    }

    public static HandlerRegistry registry(HandlerContext context) {
        List<ResourceHandler<?, ?>> handlers = List.of(
                new FileHandler(context),
                new ManagedBlockHandler(),
                new SysctlHandler(),
                new KernelModuleHandler(),
                new SwapHandler(),
                new SelinuxHandler(),
                new HostnameHandler(),
                PackageHandler.forFamily(context.osFamily()),
                new ServiceHandler(new SystemctlProvider()),
                new ArchiveHandler(context),
                new ProbeHandler(),
                new KubeadmHandler(context.clock()),
                new KubeadmTokenHandler(),
                new ManifestHandler(),
                new FirewallHandler(context),
                new DrainHandler(),
                new ClusterNodeHandler(),
                new EtcdMemberHandler()
        );
        return new HandlerRegistry(handlers);
    }
}
