package io.kubenode.controller.api;

import io.kubenode.common.pki.Pem;
import io.kubenode.common.pki.SubjectName;
import io.kubenode.controller.cli.KubenodeController;
import io.kubenode.controller.store.IssuedCertificate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin certificates are recorded (serve adopts init's admin.crt, admin-credentials records its own) and any recorded certificate can be revoked by serial;
 * a revoked admin certificate is refused on every route from the next request on, in memory (Caller), without a
 * restart. curl as the client.
 */
class CertificateRoutesTest extends WithApiServer {

    @BeforeAll
    void aNodeCertificate() throws Exception {
        api.writeClient(api.ca, new SubjectName("node1.internal", SubjectName.NODES), "node-one", Duration.ofDays(1));
    }

    @Test
    void serveRecordedTheAdminCertificateOfAdminConfAtStart() throws Exception {
        BigInteger serial = Pem.readCertificate(Files.readString(api.layout.adminCertificate())).getSerialNumber();

        ApiTestServer.Answer listed = api.curl("admin", "GET", "/api/v1/certificates", null);

        assertThat(listed.status()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains("\"kind\":\"admin\"", "\"serial\":\"" + serial.toString(16) + "\"",
                "\"subject\":\"kubenode-admin\"");
        assertThat(api.store.issuedCertificate(serial)).map(IssuedCertificate::kind)
                .contains(IssuedCertificate.Kind.ADMIN);
        assertThat(api.store.issuedCertificates()).as("node views do not show admins")
                .noneMatch(issued -> issued.kind() == IssuedCertificate.Kind.ADMIN);
    }

    @Test
    void aMintedAdminWorksUntilItsSerialIsRevokedThenIsRefusedEverywhere() throws Exception {
        BigInteger serial = mintAdmin("carol");
        assertThat(api.curl("carol", "GET", "/api/v1/cluster/history", null).status()).isEqualTo(200);

        ApiTestServer.Answer revoked = api.curl("admin", "POST", "/api/v1/certificates/"
                + serial.toString(16).toUpperCase() + "/revoke", null, ApiTestServer.JSON);
        ApiTestServer.Answer again = api.curl("admin", "POST", "/api/v1/certificates/" + serial.toString(16)
                + "/revoke", null, ApiTestServer.JSON);

        assertThat(revoked.status()).as(revoked.body()).isEqualTo(200);
        assertThat(revoked.body()).contains("\"alreadyRevoked\":false", "\"kind\":\"admin\"", "\"subject\":\"carol\"");
        assertThat(again.body()).contains("\"alreadyRevoked\":true");
        for (String path : new String[] {"/api/v1/cluster/history", "/api/v1/nodes", "/api/v1/tokens",
                "/api/v1/audit", "/api/v1/certificates", "/api/v1/nodes/node1.internal/catalog"}) {
            ApiTestServer.Answer refused = api.curl("carol", "GET", path, null);
            assertThat(refused.status()).as("%s: %s", path, refused.body()).isEqualTo(401);
            assertThat(refused.body()).contains("certificate_revoked");
        }
        assertThat(api.curl("admin", "GET", "/api/v1/cluster/history", null).status())
                .as("the other admin certificate stays valid").isEqualTo(200);
        assertThat(api.store.isRevoked(serial)).isTrue();
        assertThat(api.store.audit(5)).anyMatch(entry -> entry.action().equals("certificate.revoke")
                && entry.object().equals("admin/carol"));
    }

    @Test
    void unknownAndMalformedSerialsAndNonAdminsAreRefused() throws Exception {
        ApiTestServer.Answer unknown = api.curl("admin", "POST", "/api/v1/certificates/abc123/revoke", null,
                ApiTestServer.JSON);
        ApiTestServer.Answer malformed = api.curl("admin", "POST", "/api/v1/certificates/not-hex/revoke", null,
                ApiTestServer.JSON);
        ApiTestServer.Answer byNode = api.curl("node-one", "GET", "/api/v1/certificates", null);
        ApiTestServer.Answer revokeByNode = api.curl("node-one", "POST", "/api/v1/certificates/abc123/revoke", null,
                ApiTestServer.JSON);

        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        assertThat(malformed.status()).as(malformed.body()).isEqualTo(400);
        assertThat(malformed.body()).contains("invalid_serial");
        assertThat(byNode.status()).isEqualTo(403);
        assertThat(revokeByNode.status()).isEqualTo(403);
    }

    /** kubenode-controller admin-credentials into the test dir: afterwards {@code name}.crt/.key are a curl client. */
    private BigInteger mintAdmin(String name) throws Exception {
        Path out = dir.resolve("minted-" + name);
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int exit = KubenodeController.run(new PrintWriter(stdout), new PrintWriter(stderr), "admin-credentials",
                "--data-dir", api.layout.dataDir().toString(), "--name", name, "--out", out.toString());
        assertThat(exit).as(stderr.toString()).isZero();
        Files.copy(out.resolve(name + ".crt"), dir.resolve(name + ".crt"));
        Files.copy(out.resolve(name + ".key"), dir.resolve(name + ".key"));
        return Pem.readCertificate(Files.readString(out.resolve(name + ".crt"))).getSerialNumber();
    }
}
