package io.kubenode.common.cluster;

import java.util.List;
import java.util.Map;

public record NodeSpec(
        String name,
        String address,
        String role,
        Boolean init,
        OsFamily osFamily,
        List<String> kernelModules,
        Map<String, String> sysctl,
        List<String> packages,
        List<String> extraPorts) {

    public static final String CONTROL_PLANE = "control-plane";
    public static final String WORKER = "worker";

    public boolean isControlPlane() {
        return CONTROL_PLANE.equals(role);
    }

    public boolean isWorker() {
        return WORKER.equals(role);
    }

    public boolean saysInit() {
        return Boolean.TRUE.equals(init);
    }
}
