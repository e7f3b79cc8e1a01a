package io.kubenode.common.status;

/**
 * A Kubernetes-style condition on a node: {@code type} (Converged, CatalogAccepted, ...), {@code status} True, False
 * or Unknown, a CamelCase {@code reason}, a sentence for people and when the status last changed (ISO-8601).
 */
public record Condition(String type, String status, String reason, String message, String lastTransitionTime) {
    public static final String CONVERGED = "Converged";
    public static final String CATALOG_ACCEPTED = "CatalogAccepted";
    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";
}
