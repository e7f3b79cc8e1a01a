package io.kubenode.controller.client;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.kubenode.common.document.Documents;
import io.kubenode.common.status.NodeSummary;
import io.kubenode.controller.orchestration.view.OrchestrationStatus;
import io.kubenode.controller.rollout.RolloutStatus;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The admin routes of the controller's HTTP API as typed calls; transport and errors are {@link ApiClient}'s. */
public final class ControllerApi {
    private static final String ROLLOUT = "/api/v1/rollout";
    private final ApiClient client;

    public ControllerApi(ApiClient client) {
        this.client = client;
    }

    public String server() {
        return client.server().toString();
    }

    /** The current document; empty before the first one is stored. */
    public Optional<ClusterDocument> cluster() {
        try {
            return Optional.of(client.get("/api/v1/cluster", ClusterDocument.class));
        } catch (ApiException e) {
            if (e.isNotFound() && "not_found".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Stores {@code text} if {@code resourceVersion} is still current (0: only if none yet); 409 otherwise. */
    public ClusterApplied putCluster(String text, long resourceVersion) {
        return putCluster(text, resourceVersion, false);
    }

    /** As above; {@code allAtOnce}: the emergency path, every node gets the revision now instead of a rollout. */
    public ClusterApplied putCluster(String text, long resourceVersion, boolean allAtOnce) {
        return client.sendDocument("PUT", "/api/v1/cluster?resourceVersion=" + resourceVersion
                + (allAtOnce ? "&rollout=all-at-once" : ""), text, ClusterApplied.class);
    }

    /** Every revision, oldest first. */
    public List<ClusterDocument> history() {
        return client.get("/api/v1/cluster/history", listOf(ClusterDocument.class));
    }

    /** Where the orchestration stands; empty before the orchestrator's first decision. */
    public Optional<OrchestrationStatus> orchestration() {
        try {
            return Optional.of(client.get("/api/v1/orchestration", OrchestrationStatus.class));
        } catch (ApiException e) {
            if (e.isNotFound() && "not_found".equals(e.code())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * The newest revision's rollout; empty before any, and from a controller older than rollouts (its 404 for an
     * unknown route), so callers that only show it need no special case.
     */
    public Optional<RolloutStatus> rollout() {
        try {
            return Optional.of(rolloutStatus());
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** The newest revision's rollout; 404 (an {@link ApiException}) before any, with the controller's message. */
    public RolloutStatus rolloutStatus() {
        return client.get(ROLLOUT, RolloutStatus.class);
    }

    /** Pauses the rollout ({@code reason}: null for none); 404 without one, 409 when it is complete. */
    public RolloutStatus pauseRollout(String reason) {
        return client.sendJson("POST", ROLLOUT + "/pause", reason == null ? null : new PauseRequest(reason),
                RolloutStatus.class);
    }

    /** Resumes a paused rollout; 404 without one, 409 when it is not paused. */
    public RolloutStatus resumeRollout() {
        return client.sendJson("POST", ROLLOUT + "/resume", null, RolloutStatus.class);
    }

    /** Stores the rollout's previous revision again; the answer is the new revision's rollout. */
    public RolloutStatus undoRollout() {
        return client.sendJson("POST", ROLLOUT + "/undo", null, RolloutStatus.class);
    }

    /** Mints an admin kubeconfig for {@code csrPem}'s key, valid {@code ttlSeconds}; it holds no private key. */
    public MintedKubeconfig kubeconfig(String csrPem, long ttlSeconds) {
        return client.sendJson("POST", "/api/v1/kubeconfig", new KubeconfigRequest(csrPem, ttlSeconds),
                MintedKubeconfig.class);
    }

    public List<NodeSummary> nodes() {
        return client.get("/api/v1/nodes", Items.class).summaries();
    }

    public NodeDetail node(String name) {
        return client.get("/api/v1/nodes/" + segment(name), NodeDetail.class);
    }

    /** Revokes every certificate issued to the node; the serials (hex). */
    public List<String> revokeNode(String name) {
        return client.sendJson("POST", "/api/v1/nodes/" + segment(name) + "/revoke", null, Revoked.class)
                .revokedSerials();
    }

    /**
     * Declares a node that is leaving the cluster gone for good: its drain and reset are skipped, its certificates
     * revoked; 404 when it is not leaving.
     */
    public Forgotten forgetNode(String name) {
        return client.sendJson("POST", "/api/v1/nodes/" + segment(name) + "/forget", null, Forgotten.class);
    }

    /** The answer of {@link #forgetNode}. */
    public record Forgotten(String node, String forgottenBy, String step, List<String> revokedSerials) {
    }

    /** Every certificate the controller signed (nodes and admins), by subject then issue time. */
    public List<CertificateView> certificates() {
        return client.get("/api/v1/certificates", CertificateItems.class).items();
    }

    /** Revokes one certificate by serial (hex); 404 if the controller never recorded it. */
    public CertificateRevoked revokeCertificate(String serial) {
        return client.sendJson("POST", "/api/v1/certificates/" + segment(serial) + "/revoke", null,
                CertificateRevoked.class);
    }

    /** The newest {@code limit} entries, newest first. */
    public List<AuditRecord> audit(int limit) {
        return client.get("/api/v1/audit?limit=" + limit, AuditItems.class).items();
    }

    public CreatedToken createToken(TokenOptions options) {
        return client.sendJson("POST", "/api/v1/tokens", options, CreatedToken.class);
    }

    public List<TokenView> tokens() {
        return client.get("/api/v1/tokens", listOf(TokenView.class));
    }

    public void revokeToken(String id) {
        client.sendJson("DELETE", "/api/v1/tokens/" + segment(id), null, null);
    }

    private static JavaType listOf(Class<?> type) {
        TypeFactory types = Documents.json().getTypeFactory();
        return types.constructCollectionType(List.class, type);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    record KubeconfigRequest(String csr, long ttlSeconds) {
    }

    record PauseRequest(String reason) {
    }

    record Items(List<NodeSummary> items) {
        List<NodeSummary> summaries() {
            return items == null ? List.of() : items;
        }
    }

    record AuditItems(List<AuditRecord> items) {
        AuditItems {
            items = items == null ? List.of() : items;
        }
    }

    record CertificateItems(List<CertificateView> items) {
        CertificateItems {
            items = items == null ? List.of() : items;
        }
    }

    record Revoked(String node, List<String> revokedSerials) {
        Revoked {
            revokedSerials = revokedSerials == null ? List.of() : revokedSerials;
        }
    }
}
