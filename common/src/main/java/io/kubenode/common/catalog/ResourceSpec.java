package io.kubenode.common.catalog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The typed desired state of one resource. The agent knows only these generic types; all Kubernetes
 * knowledge lives in the controller's compiler.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FileSpec.class, name = FileSpec.TYPE),
        @JsonSubTypes.Type(value = ManagedBlockSpec.class, name = ManagedBlockSpec.TYPE),
        @JsonSubTypes.Type(value = SysctlSpec.class, name = SysctlSpec.TYPE),
        @JsonSubTypes.Type(value = KernelModuleSpec.class, name = KernelModuleSpec.TYPE),
        @JsonSubTypes.Type(value = SwapSpec.class, name = SwapSpec.TYPE),
        @JsonSubTypes.Type(value = SelinuxSpec.class, name = SelinuxSpec.TYPE),
        @JsonSubTypes.Type(value = HostnameSpec.class, name = HostnameSpec.TYPE),
        @JsonSubTypes.Type(value = PackageSpec.class, name = PackageSpec.TYPE),
        @JsonSubTypes.Type(value = ArchiveSpec.class, name = ArchiveSpec.TYPE),
        @JsonSubTypes.Type(value = ServiceSpec.class, name = ServiceSpec.TYPE),
        @JsonSubTypes.Type(value = ProbeSpec.class, name = ProbeSpec.TYPE),
        @JsonSubTypes.Type(value = KubeadmSpec.class, name = KubeadmSpec.TYPE),
        @JsonSubTypes.Type(value = KubeadmTokenSpec.class, name = KubeadmTokenSpec.TYPE),
        @JsonSubTypes.Type(value = ManifestSpec.class, name = ManifestSpec.TYPE),
        @JsonSubTypes.Type(value = FirewallSpec.class, name = FirewallSpec.TYPE),
        @JsonSubTypes.Type(value = DrainSpec.class, name = DrainSpec.TYPE),
        @JsonSubTypes.Type(value = ClusterNodeSpec.class, name = ClusterNodeSpec.TYPE),
        @JsonSubTypes.Type(value = EtcdMemberSpec.class, name = EtcdMemberSpec.TYPE),
})
public sealed interface ResourceSpec permits FileSpec, ManagedBlockSpec, SysctlSpec, KernelModuleSpec, SwapSpec,
        SelinuxSpec, HostnameSpec, PackageSpec, ArchiveSpec, ServiceSpec, ProbeSpec, KubeadmSpec, KubeadmTokenSpec,
        ManifestSpec, FirewallSpec, DrainSpec, ClusterNodeSpec, EtcdMemberSpec {

    /** The resource type, also the prefix of the resource id ({@code type:name}). */
    String type();

    /** The part of the id after the type: a path, key or name that is unique within the type. */
    String name();

    default String id() {
        return id(type(), name());
    }

    static String id(String type, String name) {
        return type + ":" + name;
    }
}
