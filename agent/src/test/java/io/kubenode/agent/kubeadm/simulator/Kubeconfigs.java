package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.common.pki.CertificateAuthority;

import java.io.PrintStream;

/** The kubeconfig files kubeadm writes under /etc/kubernetes, with client certificates from the cluster CA. */
final class Kubeconfigs {
    static final String ADMIN = "/etc/kubernetes/admin.conf";
    static final String SUPER_ADMIN = "/etc/kubernetes/super-admin.conf";
    static final String KUBELET = "/etc/kubernetes/kubelet.conf";
    static final String CONTROLLER_MANAGER = "/etc/kubernetes/controller-manager.conf";
    static final String SCHEDULER = "/etc/kubernetes/scheduler.conf";

    private Kubeconfigs() {
    }

    /** admin (init only: super-admin too), kubelet, controller-manager and scheduler kubeconfigs. */
    static void writeControlPlane(SimulatorEnv env, CertificateAuthority ca, String clusterName, String nodeName,
                                  String endpoint, String local, boolean init, PrintStream out) {
        write(env, ADMIN, ca, clusterName, endpoint, "kubernetes-admin", "kubeadm:cluster-admins", out);
        if (init) {
            write(env, SUPER_ADMIN, ca, clusterName, endpoint, "kubernetes-super-admin", "system:masters", out);
        }
        write(env, KUBELET, ca, clusterName, endpoint, "system:node:" + nodeName, "system:nodes", out);
        // kubeadm's controller-manager/scheduler certificates carry no O; the project's SubjectName wants one.
        write(env, CONTROLLER_MANAGER, ca, clusterName, local, "system:kube-controller-manager",
                "system:kube-controller-manager", out);
        write(env, SCHEDULER, ca, clusterName, local, "system:kube-scheduler", "system:kube-scheduler", out);
    }

    static void write(SimulatorEnv env, String hostPath, CertificateAuthority ca, String clusterName, String server,
                      String user, String group, PrintStream out) {
        NodePki.writeSecret(env.host(hostPath), Kubeconfig.render(clusterName, server, ca.certificate(), user,
                NodePki.client(ca, user, group), null));
        out.println("[kubeconfig] Writing \"" + hostPath.substring(hostPath.lastIndexOf('/') + 1)
                + "\" kubeconfig file");
    }
}
