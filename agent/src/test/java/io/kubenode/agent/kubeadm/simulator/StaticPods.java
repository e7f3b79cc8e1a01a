package io.kubenode.agent.kubeadm.simulator;

import java.nio.file.Path;

/** The control-plane static pod manifests kubeadm writes to /etc/kubernetes/manifests (abridged, same names). */
final class StaticPods {
    static final String DIR = "/etc/kubernetes/manifests";
    static final String[] COMPONENTS = {"etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"};

    private StaticPods() {
    }

    static void write(SimulatorEnv env, String nodeName, String advertiseAddress, int bindPort, String version) {
        write(env, nodeName, advertiseAddress, bindPort, version, null);
    }

    /** With {@code etcd} (real etcd members) the etcd manifest carries the flags the member is started with. */
    static void write(SimulatorEnv env, String nodeName, String advertiseAddress, int bindPort, String version,
                      EtcdFlags etcd) {
        for (String component : COMPONENTS) {
            String image = component.equals("etcd") ? "registry.k8s.io/etcd:3.5.16-0"
                    : "registry.k8s.io/" + component + ":" + (version == null ? "v1.32.2" : version);
            String command = switch (component) {
                case "kube-apiserver" -> "    - kube-apiserver\n    - --advertise-address=" + advertiseAddress
                        + "\n    - --secure-port=" + bindPort + "\n    - --client-ca-file=/etc/kubernetes/pki/ca.crt"
                        + "\n    - --tls-cert-file=/etc/kubernetes/pki/apiserver.crt"
                        + "\n    - --tls-private-key-file=/etc/kubernetes/pki/apiserver.key\n";
                case "etcd" -> etcd != null ? etcd.manifestCommand()
                        : "    - etcd\n    - --advertise-client-urls=https://" + advertiseAddress + ":2379\n";
                default -> "    - " + component + "\n    - --kubeconfig=/etc/kubernetes/"
                        + component.substring("kube-".length()) + ".conf\n";
            };
            String manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  labels:\n    component: " + component
                    + "\n    tier: control-plane\n  name: " + component + "-" + nodeName
                    + "\n  namespace: kube-system\nspec:\n  containers:\n  - command:\n" + command
                    + "    image: " + image + "\n    name: " + component
                    + "\n  hostNetwork: true\n  priorityClassName: system-node-critical\n";
            Path file = env.host(DIR + "/" + component + ".yaml");
            NodePki.writeSecret(file, manifest);
        }
    }
}
