package io.kubenode.agent.host.sandbox;

import java.util.List;

/** Every command family sandbox mode simulates. */
public final class Simulations {
    private Simulations() {
    }

    public static List<CommandSimulation> all() {
        return List.of(
                new ModprobeSimulation(),
                new SwapoffSimulation(),
                new SetenforceSimulation(),
                new PackageManagerSimulation(),
                new SystemctlSimulation()
        );
    }
}
