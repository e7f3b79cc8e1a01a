package io.kubenode.controller.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.ApprovedCsr;
import io.kubenode.common.pki.CsrRefusedException;
import io.kubenode.common.pki.NodeCsrPolicy;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.util.Optional;

/**
 * The certificate request of an enrollment ({@code {"nodeName", "csr"}}) or renewal ({@code {"csr"}}, the node
 * named by the path) body, approved by the node CSR policy. Refusals are answered here: 400 for what cannot be
 * read (without echoing the body: enrollment is open to anyone), 422 for a CSR asking for more than the node.
 */
final class CsrBodies {
    private CsrBodies() {
    }

    /** The approved request. */
    record Approved(String nodeName, ApprovedCsr csr) {
    }

    /**
     * {@code pathNode}: the node the route names, or null when the body names it. {@code onPolicyRefusal} runs
     * before a 422 (for the metrics).
     */
    static Optional<Approved> approve(RoutingContext ctx, String pathNode, Runnable onPolicyRefusal) {
        JsonNode body;
        try {
            body = Documents.json().readTree(Bodies.bytes(ctx));
        } catch (IOException e) {
            Responses.error(ctx, 400, "bad_request", "the body is not JSON: " + expected(pathNode));
            return Optional.empty();
        }
        String nodeName = pathNode != null ? pathNode : text(body, "nodeName");
        String csrPem = text(body, "csr");
        if (nodeName == null || csrPem == null) {
            Responses.error(ctx, 400, "bad_request", "expected " + expected(pathNode));
            return Optional.empty();
        }
        try {
            return Optional.of(new Approved(nodeName, NodeCsrPolicy.approve(Pem.readCsr(csrPem), nodeName)));
        } catch (PkiException e) {
            Responses.error(ctx, 400, "bad_request", "unreadable CSR: " + e.getMessage());
        } catch (CsrRefusedException e) {
            onPolicyRefusal.run();
            Responses.error(ctx, 422, "csr_refused", e.getMessage());
        }
        return Optional.empty();
    }

    private static String text(JsonNode body, String field) {
        return body == null || !body.path(field).isTextual() ? null : body.path(field).asText();
    }

    private static String expected(String pathNode) {
        return (pathNode == null ? "{\"nodeName\": ..., " : "{") + "\"csr\": \"-----BEGIN CERTIFICATE REQUEST-----...\"}";
    }
}
