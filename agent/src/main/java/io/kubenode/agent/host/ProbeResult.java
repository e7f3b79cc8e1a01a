package io.kubenode.agent.host;

/** What a read-only health check found: healthy or not, and in words what answered or why nothing did. */
public record ProbeResult(boolean healthy, String detail) {

    public static ProbeResult healthy(String detail) {
        return new ProbeResult(true, detail);
    }

    public static ProbeResult unhealthy(String reason) {
        return new ProbeResult(false, reason);
    }
}
