package io.kubenode.controller.api;

import io.kubenode.controller.realcheck.ExternalCommand;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Enrollment as an agent does it, with openssl making the key and CSR and curl sending them: the token is checked
 * for use, expiry and binding, the CSR for its exact subject, and the certificate issued verifies with openssl and
 * opens the node routes.
 */
class EnrollRoutesTest extends WithApiServer {
    private static final String JSON = "Content-Type: application/json";

    @Test
    void aGoodTokenAndCsrBuyACertificateThatOpensslVerifiesAndTheTokenIsThenUsedUp() throws Exception {
        String token = token("{\"uses\": 1}");
        Path request = enrollRequest("node7", "/O=kubenode:nodes/CN=node7", null);

        ApiTestServer.Answer first = enroll(token, request);
        ApiTestServer.Answer second = enroll(token, request);

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        Path certificate = dir.resolve("node7.crt");
        Files.writeString(certificate, first.body().replaceAll(".*\"certificate\":\"([^\"]+)\".*", "$1")
                .replace("\\n", "\n"));
        ExternalCommand.Result verify = ExternalCommand.run(List.of("openssl", "verify", "-purpose", "sslclient",
                "-CAfile", api.layout.caCertificate().toString(), certificate.toString()));
        ExternalCommand.Result subject = ExternalCommand.run(List.of("openssl", "x509", "-noout", "-subject", "-in",
                certificate.toString()));
        assertThat(verify.stdout()).as(verify.describe()).contains(": OK");
        assertThat(subject.stdout()).contains("O = kubenode:nodes", "CN = node7");
        assertThat(second).isEqualTo(new ApiTestServer.Answer(403,
                "{\"code\":\"token_used_up\",\"message\":\"the bootstrap token has no uses left\",\"details\":[]}"));
        assertThat(api.curl("node7", "GET", "/api/v1/cluster", null).status()).as("a node, not an admin")
                .isEqualTo(403);
    }

    @Test
    void csrsAskingForMoreThanANodeIdentityAreRefusedWithoutSpendingTheToken() throws Exception {
        String token = token("{\"uses\": 1}");

        ApiTestServer.Answer withSan = enroll(token, enrollRequest("node8", "/O=kubenode:nodes/CN=node8",
                "subjectAltName=DNS:evil.example"));
        ApiTestServer.Answer asAdmin = enroll(token, enrollRequest("node8", "/O=kubenode:admins/CN=node8", null));
        ApiTestServer.Answer otherName = enroll(token, enrollRequest("node8", "/O=kubenode:nodes/CN=node9", null));
        ApiTestServer.Answer good = enroll(token, enrollRequest("node8", "/O=kubenode:nodes/CN=node8", null));

        assertThat(List.of(withSan.status(), asAdmin.status(), otherName.status())).containsOnly(422);
        assertThat(withSan.body()).contains("csr_refused", "subjectAltName");
        assertThat(good.status()).as("the refusals did not use the token").isEqualTo(200);
    }

    @Test
    void badExpiredBoundAndRevokedTokensAreRefusedAndNeverEchoed() throws Exception {
        Path request = enrollRequest("node10", "/O=kubenode:nodes/CN=node10", null);
        String bound = token("{\"nodeName\": \"node11\"}");
        String revoked = token("{}");
        String id = revoked.substring(0, 6);
        assertThat(api.curl("admin", "DELETE", "/api/v1/tokens/" + id, null).status()).isEqualTo(204);
        String guessed = bound.substring(0, 7) + "0000000000000000";

        ApiTestServer.Answer none = api.curl(null, "POST", "/api/v1/enroll", request, JSON);
        ApiTestServer.Answer wrongSecret = enroll(guessed, request);
        ApiTestServer.Answer wrongNode = enroll(bound, request);
        ApiTestServer.Answer wasRevoked = enroll(revoked, request);

        assertThat(none.status()).isEqualTo(401);
        assertThat(wrongSecret.status()).isEqualTo(401);
        assertThat(wrongSecret.body()).doesNotContain(guessed).doesNotContain(guessed.substring(7));
        assertThat(wrongNode.body()).contains("token_bound");
        assertThat(wasRevoked.body()).contains("token_revoked");
    }

    /**
     * The token is checked before anything looks at the CSR: an anonymous caller with a made-up token gets 401 for
     * any body, and never makes the controller parse or verify a CSR.
     */
    @Test
    void aMadeUpOrSpentTokenIsRefusedBeforeTheCsrIsRead() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage-csr.json"), "{\"nodeName\": \"node13\", \"csr\": "
                + "\"-----BEGIN CERTIFICATE REQUEST-----\\nnot base64\\n-----END CERTIFICATE REQUEST-----\\n\"}");
        String spent = token("{\"uses\": 1}");
        assertThat(enroll(spent, enrollRequest("node13", "/O=kubenode:nodes/CN=node13", null)).status())
                .isEqualTo(200);

        ApiTestServer.Answer madeUp = enroll("abcdef.0123456789abcdef", garbage);
        ApiTestServer.Answer usedUp = enroll(spent, garbage);

        assertThat(madeUp.status()).as(madeUp.body()).isEqualTo(401);
        assertThat(madeUp.body()).contains("invalid_token");
        assertThat(usedUp.status()).as(usedUp.body()).isEqualTo(403);
        assertThat(usedUp.body()).contains("token_used_up");
    }

    @Test
    void anUnboundTokenCannotTakeTheNameOfALiveNodeKeepsItsUseAndTheRefusalIsAudited() throws Exception {
        api.enrolled("node14");
        String unbound = token("{\"uses\": 1}");

        ApiTestServer.Answer refused = enroll(unbound, enrollRequest("node14", "/O=kubenode:nodes/CN=node14", null));
        ApiTestServer.Answer elsewhere = enroll(unbound, enrollRequest("node15", "/O=kubenode:nodes/CN=node15",
                null));

        assertThat(refused.status()).as(refused.body()).isEqualTo(403);
        assertThat(refused.body()).contains("node_needs_bound_token", "kubenodectl token create --node node14");
        assertThat(elsewhere.status()).as("the refusal took no use: " + elsewhere.body()).isEqualTo(200);
        assertThat(api.store.audit(100)).anySatisfy(entry -> {
            assertThat(entry.action()).isEqualTo("token.refuse");
            assertThat(entry.object()).isEqualTo("node/node14");
            assertThat(entry.summary()).contains("holds a valid certificate");
        });
    }

    private String token(String request) throws Exception {
        return api.token(request);
    }

    private ApiTestServer.Answer enroll(String token, Path request) throws Exception {
        return api.enroll(token, request);
    }

    private Path enrollRequest(String node, String subject, String extension) throws Exception {
        return api.enrollRequest(node, subject, extension);
    }
}
