package io.kubenode.agent.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubenode.common.document.Documents;
import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.PkiException;

import java.io.IOException;
import java.security.cert.X509Certificate;

/** What enroll and renewal answer: {@code {"certificate": PEM, "ca": PEM}}, parsed. */
public record IssuedCertificate(X509Certificate certificate, X509Certificate ca) {

    public static IssuedCertificate parse(String what, byte[] body) throws ControllerException {
        try {
            JsonNode node = Documents.json().readTree(body);
            if (node == null || !node.path("certificate").isTextual() || !node.path("ca").isTextual()) {
                throw ControllerException.protocol(what, "expected {\"certificate\": PEM, \"ca\": PEM}");
            }
            return new IssuedCertificate(Pem.readCertificate(node.path("certificate").asText()),
                    Pem.readCertificate(node.path("ca").asText()));
        } catch (IOException | PkiException e) {
            throw ControllerException.protocol(what, e.getMessage());
        }
    }
}
