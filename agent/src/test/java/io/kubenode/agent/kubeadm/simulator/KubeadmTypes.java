package io.kubenode.agent.kubeadm.simulator;

import static io.kubenode.agent.kubeadm.simulator.ConfigShape.ANY;
import static io.kubenode.agent.kubeadm.simulator.ConfigShape.BOOL;
import static io.kubenode.agent.kubeadm.simulator.ConfigShape.INT;
import static io.kubenode.agent.kubeadm.simulator.ConfigShape.STRING;
import static io.kubenode.agent.kubeadm.simulator.ConfigShape.listOf;
import static io.kubenode.agent.kubeadm.simulator.ConfigShape.struct;

/** The kubeadm.k8s.io/v1beta4 types (and the KubeletConfiguration fields we meet) as strict shapes. */
final class KubeadmTypes {
    static final String KUBEADM_V1BETA4 = "kubeadm.k8s.io/v1beta4";
    static final String KUBELET_V1BETA1 = "kubelet.config.k8s.io/v1beta1";
    static final String KUBEPROXY_V1ALPHA1 = "kubeproxy.config.k8s.io/v1alpha1";

    private static final ConfigShape ARGS = listOf(struct("Arg", "name", STRING, "value", STRING));
    private static final ConfigShape ENVS = listOf(struct("EnvVar", "name", STRING, "value", STRING,
            "valueFrom", ANY));
    private static final ConfigShape VOLUMES = listOf(struct("HostPathMount", "name", STRING, "hostPath", STRING,
            "mountPath", STRING, "readOnly", BOOL, "pathType", STRING));
    private static final ConfigShape API_ENDPOINT = struct("APIEndpoint", "advertiseAddress", STRING,
            "bindPort", INT);
    private static final ConfigShape NODE_REGISTRATION = struct("NodeRegistrationOptions",
            "name", STRING, "criSocket", STRING,
            "taints", listOf(struct("Taint", "key", STRING, "value", STRING, "effect", STRING, "timeAdded", ANY)),
            "kubeletExtraArgs", ARGS, "ignorePreflightErrors", listOf(STRING), "imagePullPolicy", STRING,
            "imagePullSerial", BOOL);
    private static final ConfigShape TIMEOUTS = struct("Timeouts", "controlPlaneComponentHealthCheck", STRING,
            "kubeletHealthCheck", STRING, "kubernetesAPICall", STRING, "etcdAPICall", STRING, "tlsBootstrap", STRING,
            "discovery", STRING, "upgradeManifests", STRING);
    private static final ConfigShape PATCHES = struct("Patches", "directory", STRING);
    private static final ConfigShape BOOTSTRAP_TOKEN = struct("BootstrapToken", "token", STRING,
            "description", STRING, "ttl", STRING, "expires", STRING, "usages", listOf(STRING),
            "groups", listOf(STRING));

    static final ConfigShape.Struct INIT = struct("InitConfiguration", "apiVersion", STRING, "kind", STRING,
            "bootstrapTokens", listOf(BOOTSTRAP_TOKEN), "dryRun", BOOL, "nodeRegistration", NODE_REGISTRATION,
            "localAPIEndpoint", API_ENDPOINT, "certificateKey", STRING, "skipPhases", listOf(STRING),
            "patches", PATCHES, "timeouts", TIMEOUTS);

    private static final ConfigShape CONTROL_PLANE_COMPONENT_FIELDS_API = struct("APIServer",
            "extraArgs", ARGS, "extraVolumes", VOLUMES, "extraEnvs", ENVS, "certSANs", listOf(STRING));

    static final ConfigShape.Struct CLUSTER = struct("ClusterConfiguration", "apiVersion", STRING, "kind", STRING,
            "etcd", ANY,
            "networking", struct("Networking", "serviceSubnet", STRING, "podSubnet", STRING, "dnsDomain", STRING),
            "kubernetesVersion", STRING, "controlPlaneEndpoint", STRING,
            "apiServer", CONTROL_PLANE_COMPONENT_FIELDS_API,
            "controllerManager", struct("ControlPlaneComponent", "extraArgs", ARGS, "extraVolumes", VOLUMES,
                    "extraEnvs", ENVS),
            "scheduler", struct("ControlPlaneComponent", "extraArgs", ARGS, "extraVolumes", VOLUMES,
                    "extraEnvs", ENVS),
            "dns", struct("DNS", "disabled", BOOL, "imageRepository", STRING, "imageTag", STRING),
            "proxy", struct("Proxy", "disabled", BOOL),
            "certificatesDir", STRING, "imageRepository", STRING, "featureGates", ANY, "clusterName", STRING,
            "encryptionAlgorithm", STRING, "certificateValidityPeriod", STRING,
            "caCertificateValidityPeriod", STRING);

    static final ConfigShape.Struct JOIN = struct("JoinConfiguration", "apiVersion", STRING, "kind", STRING,
            "dryRun", BOOL, "nodeRegistration", NODE_REGISTRATION, "caCertPath", STRING,
            "discovery", struct("Discovery",
                    "bootstrapToken", struct("BootstrapTokenDiscovery", "token", STRING, "apiServerEndpoint", STRING,
                            "caCertHashes", listOf(STRING), "unsafeSkipCAVerification", BOOL),
                    "file", struct("FileDiscovery", "kubeConfigPath", STRING),
                    "tlsBootstrapToken", STRING),
            "controlPlane", struct("JoinControlPlane", "localAPIEndpoint", API_ENDPOINT, "certificateKey", STRING),
            "skipPhases", listOf(STRING), "patches", PATCHES, "timeouts", TIMEOUTS);

    /** The KubeletConfiguration fields a kubeadm-managed node sets; nested values are not checked further. */
    static final ConfigShape.Struct KUBELET = struct("KubeletConfiguration", "apiVersion", STRING, "kind", STRING,
            "cgroupDriver", STRING, "failSwapOn", BOOL, "memorySwap", ANY, "address", STRING, "port", INT,
            "healthzBindAddress", STRING, "healthzPort", INT, "clusterDNS", listOf(STRING), "clusterDomain", STRING,
            "rotateCertificates", BOOL, "serverTLSBootstrap", BOOL, "authentication", ANY, "authorization", ANY,
            "staticPodPath", STRING, "resolvConf", STRING, "containerRuntimeEndpoint", STRING, "evictionHard", ANY,
            "systemReserved", ANY, "kubeReserved", ANY, "maxPods", INT, "featureGates", ANY, "logging", ANY,
            "shutdownGracePeriod", STRING, "shutdownGracePeriodCriticalPods", STRING, "cpuManagerPolicy", STRING,
            "tlsMinVersion", STRING, "tlsCipherSuites", listOf(STRING), "readOnlyPort", INT,
            "protectKernelDefaults", BOOL, "serializeImagePulls", BOOL, "volumeStatsAggPeriod", STRING,
            "cgroupsPerQOS", BOOL, "enforceNodeAllocatable", listOf(STRING), "imageGCHighThresholdPercent", INT,
            "imageGCLowThresholdPercent", INT, "containerLogMaxSize", STRING, "containerLogMaxFiles", INT);

    static final ConfigShape.Struct KUBE_PROXY = struct("KubeProxyConfiguration", "apiVersion", STRING,
            "kind", STRING, "mode", STRING, "clusterCIDR", STRING, "ipvs", ANY, "iptables", ANY, "nftables", ANY,
            "conntrack", ANY, "bindAddress", STRING, "metricsBindAddress", STRING, "featureGates", ANY);

    private KubeadmTypes() {
    }
}
