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

/**
 * The certificate request of an enrollment ({@code {"nodeName", "csr"}}) or renewal ({@code {"csr"}}, the node
 * named by the path) body, approved by the node CSR policy. Reading the fields ({@link #fields}) is cheap; parsing
 * and verifying the CSR ({@link #approve(Fields)}) is public-key work and runs on a worker (for enrollment after
 * the token was checked). Refusals: 400 for what cannot be read (without echoing the body: enrollment is open to
 * anyone), 422 for a CSR asking for more than the node.
 */
final class CsrBodies {
    private CsrBodies() {
    }

    /** The approved request. */
    record Approved(String nodeName, ApprovedCsr csr) {
    }

    /** The body's fields, not yet checked beyond being strings. */
    record Fields(String nodeName, String csrPem) {
    }

    /** Why a body was refused; {@code policy} when the CSR was readable but asked for more than the node. */
    record Refusal(int status, String code, String message, boolean policy) {
        void answer(RoutingContext ctx) {
            Responses.error(ctx, status, code, message);
        }
    }

    /** The fields of a body, or a 400 refusal. {@code pathNode}: the node the route names, or null. */
    static Result<Fields> fields(byte[] body, String pathNode) {
        JsonNode json;
        try {
            json = Documents.json().readTree(body);
        } catch (IOException e) {
            return Result.refused(new Refusal(400, "bad_request", "the body is not JSON: " + expected(pathNode),
                    false));
        }
        String nodeName = pathNode != null ? pathNode : text(json, "nodeName");
        String csrPem = text(json, "csr");
        if (nodeName == null || csrPem == null) {
            return Result.refused(new Refusal(400, "bad_request", "expected " + expected(pathNode), false));
        }
        return Result.of(new Fields(nodeName, csrPem));
    }

    /** Parses and verifies the CSR against the node policy: public-key work, not for an event loop under load. */
    static Result<Approved> approve(Fields fields) {
        try {
            return Result.of(new Approved(fields.nodeName(), NodeCsrPolicy.approve(Pem.readCsr(fields.csrPem()),
                    fields.nodeName())));
        } catch (PkiException e) {
            return Result.refused(new Refusal(400, "bad_request", "unreadable CSR: " + e.getMessage(), false));
        } catch (CsrRefusedException e) {
            return Result.refused(new Refusal(422, "csr_refused", e.getMessage(), true));
        }
    }

    /** A value or the refusal that stands in for it. */
    record Result<T>(T value, Refusal refusal) {
        static <T> Result<T> of(T value) {
            return new Result<>(value, null);
        }

        static <T> Result<T> refused(Refusal refusal) {
            return new Result<>(null, refusal);
        }

        <U> Result<U> then(java.util.function.Function<T, Result<U>> next) {
            return refusal != null ? refused(refusal) : next.apply(value);
        }
    }

    private static String text(JsonNode body, String field) {
        return body == null || !body.path(field).isTextual() ? null : body.path(field).asText();
    }

    private static String expected(String pathNode) {
        return (pathNode == null ? "{\"nodeName\": ..., " : "{") + "\"csr\": \"-----BEGIN CERTIFICATE REQUEST-----...\"}";
    }
}
