package io.kubenode.controller.client;

import java.nio.file.Path;
import java.util.Map;

/**
 * Which config kubenodectl reads, and why that one: {@code --config FILE}, else {@code $KUBENODE_CONFIG}, else
 * {@code ~/.kube/kubenode.conf}. {@code origin} goes into error messages so a wrong file is easy to spot.
 */
public record ConfigLocation(Path file, String origin) {
    public static final String ENV = "KUBENODE_CONFIG";
    public static final String DEFAULT = ".kube/kubenode.conf";

    public static ConfigLocation resolve(Path explicit, Map<String, String> environment, Path home) {
        if (explicit != null) {
            return new ConfigLocation(explicit, "--config");
        }
        String fromEnvironment = environment.get(ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new ConfigLocation(Path.of(fromEnvironment), "$" + ENV);
        }
        return new ConfigLocation(home.resolve(DEFAULT), "the default; use --config FILE or set " + ENV);
    }

    /** {@code /path/admin.conf (from --config)}. */
    public String describe() {
        return file + " (from " + origin + ")";
    }
}
