package io.kubenode.agent.resource.managedblock;

import java.util.List;

/**
 * The file around a managed block as observed.
 *
 * @param fileExists whether the file exists
 * @param text       its text (empty when missing)
 * @param block      the lines between the markers; null when the file has no block
 */
public record ManagedBlockActual(boolean fileExists, String text, List<String> block) {

    public ManagedBlockActual {
        block = block == null ? null : List.copyOf(block);
    }

    public boolean hasBlock() {
        return block != null;
    }
}
