package io.kubenode.agent.resource.kubeadm;

import io.kubenode.common.catalog.KubeadmSpec;

import java.util.ArrayList;
import java.util.List;

/** The argv of a kubeadm step (pure): what apply runs and what plan shows. */
final class KubeadmCommands {
    private KubeadmCommands() {
    }

    static List<String> argv(KubeadmSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.add("kubeadm");
        argv.add(spec.action());
        if (KubeadmSpec.RESET.equals(spec.action())) {
            argv.add("--force");
            return argv;
        }
        argv.add("--config");
        argv.add(spec.configFile());
        if (!spec.ignorePreflightErrors().isEmpty()) {
            argv.add("--ignore-preflight-errors=" + String.join(",", spec.ignorePreflightErrors()));
        }
        return argv;
    }

    /** "kubeadm join", how messages and the running status name the step. */
    static String label(KubeadmSpec spec) {
        return "kubeadm " + spec.action();
    }
}
