package io.kubenode.agent.controller;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.CsrRefusedException;
import io.kubenode.common.pki.Identity;
import io.kubenode.common.pki.NodeCsrPolicy;
import io.kubenode.common.pki.Pem;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Map;

/**
 * Handlers that answer like the controller's routes (per the protocol contract), for protocol-level tests of the
 * agent's client against a {@link TestHttpsServer}. Not a controller: no store, no tokens, no compiler; the
 * end-to-end tests against the real one live in the controller module.
 */
public final class FakeControllerRoutes {
    private FakeControllerRoutes() {
    }

    /** POST /api/v1/enroll: signs any CSR the real policy approves, for {@code validity}. */
    public static HttpHandler enroll(CertificateAuthority ca, Duration validity) {
        return exchange -> {
            JsonNode body = Documents.json().readTree(exchange.getRequestBody().readAllBytes());
            sign(exchange, ca, body.path("csr").asText(), body.path("nodeName").asText(), validity);
        };
    }

    /** POST /api/v1/nodes/{name}/certificate: only with a client certificate naming that node. */
    public static HttpHandler renew(CertificateAuthority ca, Duration validity) {
        return exchange -> {
            java.util.Optional<X509Certificate> peer = TestHttpsServer.clientCertificate(exchange);
            if (peer.isEmpty()) {
                error(exchange, 401, "unauthenticated", "a client certificate is required");
                return;
            }
            String node = Identity.of(peer.get()).name();
            JsonNode body = Documents.json().readTree(exchange.getRequestBody().readAllBytes());
            sign(exchange, ca, body.path("csr").asText(), node, validity);
        };
    }

    public static void json(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = Documents.toJson(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    public static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, Map.of("code", code, "message", message, "details", java.util.List.of()));
    }

    public static HttpHandler error(int status, String code, String message) {
        return exchange -> error(exchange, status, code, message);
    }

    private static void sign(HttpExchange exchange, CertificateAuthority ca, String csr, String node,
                             Duration validity) throws IOException {
        try {
            X509Certificate certificate = ca.sign(NodeCsrPolicy.approve(Pem.readCsr(csr), node), validity);
            json(exchange, 200, Map.of("certificate", Pem.write(certificate), "ca", Pem.write(ca.certificate())));
        } catch (CsrRefusedException e) {
            error(exchange, 422, "csr_refused", e.getMessage());
        }
    }
}
