package io.kubenode.agent.resource.kubeadm;

import io.kubenode.common.catalog.KubeadmSpec;

import java.util.ArrayList;
import java.util.List;

/** The files kubeadm leaves on a node, by which a step is judged done or undone (never by the agent's memory). */
final class KubeadmFiles {
    static final String KUBELET_CONF = "/etc/kubernetes/kubelet.conf";
    static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";
    static final String SUPER_ADMIN_CONF = "/etc/kubernetes/super-admin.conf";
    static final String MANIFESTS = "/etc/kubernetes/manifests";
    static final String APISERVER_MANIFEST = MANIFESTS + "/kube-apiserver.yaml";

    private KubeadmFiles() {
    }

    /** What init or join must leave: kubelet.conf; init also admin.conf; a control plane its apiserver manifest. */
    static List<String> expected(KubeadmSpec spec) {
        List<String> files = new ArrayList<>();
        files.add(KUBELET_CONF);
        if (KubeadmSpec.INIT.equals(spec.action())) {
            files.add(ADMIN_CONF);
        }
        if (KubeadmSpec.CONTROL_PLANE.equals(spec.role())) {
            files.add(APISERVER_MANIFEST);
        }
        return files;
    }

    /** What reset must remove (besides every manifest under {@value #MANIFESTS}). */
    static List<String> resetRemoves() {
        return List.of(KUBELET_CONF, ADMIN_CONF, SUPER_ADMIN_CONF);
    }
}
