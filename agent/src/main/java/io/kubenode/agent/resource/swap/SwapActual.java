package io.kubenode.agent.resource.swap;

import java.util.List;

/**
 * Swap as observed.
 *
 * @param active        swap devices and files in use (/proc/swaps)
 * @param fstabLines    /etc/fstab lines that mount a swap at boot
 * @param unmaskedUnits systemd swap units not masked (empty without systemd)
 */
public record SwapActual(List<String> active, List<String> fstabLines, List<String> unmaskedUnits) {

    public SwapActual {
        active = List.copyOf(active);
        fstabLines = List.copyOf(fstabLines);
        unmaskedUnits = List.copyOf(unmaskedUnits);
    }
}
