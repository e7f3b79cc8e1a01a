package io.kubenode.agent.controller;

import com.sun.net.httpserver.HttpHandler;
import io.kubenode.agent.identity.NodeIdentity;
import io.kubenode.agent.state.CatalogLoader;
import io.kubenode.common.status.NodeStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The node's mTLS client against a local HTTPS server answering per the protocol contract. */
class ControllerClientTest {
    private static final String CATALOG = "/api/v1/nodes/" + FakeControllerFixture.NODE + "/catalog";
    private static final String STATUS = "/api/v1/nodes/" + FakeControllerFixture.NODE + "/status";
    private static final String CERTIFICATE = "/api/v1/nodes/" + FakeControllerFixture.NODE + "/certificate";
    /** Far more than any cap: 256 MiB. */
    private static final long ENDLESS = 256L * 1024 * 1024;

    private final FakeControllerFixture fake = new FakeControllerFixture();
    private final NodeIdentity node = FakeControllerFixture.node();
    private final ControllerClient client = fake.client(node);

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aWatchWhoseWaitRanOutIsUnchangedAndAsksWithAfterAndWait() throws Exception {
        fake.route(CATALOG, FakeControllerFixture.status(304));

        assertThat(client.catalog(7, 30)).isInstanceOf(CatalogAnswer.Unchanged.class);

        FakeControllerFixture.Seen request = fake.seen(CATALOG).get(0);
        assertThat(request.query()).isEqualTo("after=7&wait=30");
        assertThat(request.clientSerial()).isEqualTo(node.certificate().getSerialNumber().toString(16));
    }

    @Test
    void aNewCatalogComesWithItsAnnouncedGeneration() throws Exception {
        byte[] body = "{\"any\": \"bytes\"}".getBytes(StandardCharsets.UTF_8);
        fake.route(CATALOG, FakeControllerFixture.catalog(body, 8));

        CatalogAnswer answer = client.catalog(7, 30);

        assertThat(answer).isInstanceOfSatisfying(CatalogAnswer.NewCatalog.class, fresh -> {
            assertThat(fresh.generation()).isEqualTo(8);
            assertThat(fresh.body()).isEqualTo(body);
        });
    }

    @Test
    void aRevokedCertificateIsTold() {
        fake.route(CATALOG, FakeControllerRoutes.error(401, "certificate_revoked", "certificate revoked"));

        assertThatThrownBy(() -> client.catalog(0, 30)).isInstanceOfSatisfying(ControllerException.class, e -> {
            assertThat(e.revoked()).isTrue();
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("certificate_revoked");
        });
    }

    @Test
    void aServerErrorWithoutABodyIsARefusalWithItsStatus() {
        fake.route(CATALOG, FakeControllerFixture.status(503));

        assertThatThrownBy(() -> client.catalog(0, 30)).isInstanceOfSatisfying(ControllerException.class, e -> {
            assertThat(e.kind()).isEqualTo(ControllerException.Kind.REFUSED);
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.revoked()).isFalse();
        });
    }

    @Test
    void aStatusIsPutAsJson() throws Exception {
        fake.route(STATUS, FakeControllerFixture.status(204));

        client.putStatus(new NodeStatus(FakeControllerFixture.NODE, 3, 3, "sha256:x", true, false,
                "2025-01-01T00:00:00Z", null, null, null, null, null));

        FakeControllerFixture.Seen request = fake.seen(STATUS).get(0);
        assertThat(request.method()).isEqualTo("PUT");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).contains("\"observedGeneration\" : 3");
    }

    @Test
    void afterATlsSwitchRequestsPresentTheNewCertificate() throws Exception {
        fake.route(STATUS, FakeControllerFixture.status(204));
        NodeIdentity renewed = FakeControllerFixture.node();

        client.useTls(renewed.tlsContext(List.of(FakeControllerFixture.PKI.caCertificate())));
        client.putStatus(new NodeStatus(FakeControllerFixture.NODE, 0, 0, null, false, false, null, null, null,
                null, null, null));

        assertThat(fake.seen(STATUS).get(0).clientSerial())
                .isEqualTo(renewed.certificate().getSerialNumber().toString(16));
    }

    @Test
    void aControllerCertificateFromAnotherCaIsNotTrusted() {
        fake.route(CATALOG, FakeControllerFixture.status(304));
        io.kubenode.agent.identity.TestControllerPki other =
                new io.kubenode.agent.identity.TestControllerPki("other CA");
        ControllerClient distrusting = new ControllerClient(fake.url(), FakeControllerFixture.NODE,
                node.tlsContext(List.of(other.caCertificate())));

        assertThatThrownBy(() -> distrusting.catalog(0, 0)).isInstanceOfSatisfying(ControllerException.class,
                e -> assertThat(e.kind()).isEqualTo(ControllerException.Kind.UNREACHABLE));
        assertThat(fake.seen(CATALOG)).isEmpty();
    }

    @Test
    void aCatalogAnswerLargerThanTheCatalogCapIsAbandonedWhileStreaming() {
        AtomicLong sent = new AtomicLong();
        fake.route(CATALOG, endlessBody(200, sent));

        assertThatThrownBy(() -> client.catalog(0, 30)).isInstanceOfSatisfying(ControllerException.class, e -> {
            assertThat(e.kind()).isEqualTo(ControllerException.Kind.PROTOCOL);
            assertThat(e.getMessage()).contains("catalog watch: unexpected answer: the answer went past "
                    + CatalogLoader.MAX_BYTES + " bytes");
        });
        assertThat(sent.get()).as("the controller could not send all it wanted").isLessThan(ENDLESS);
    }

    @Test
    void aDeclaredLengthAboveTheCapIsRefusedBeforeReading() {
        fake.route(CATALOG, exchange -> {
            exchange.sendResponseHeaders(200, 1L << 40);
            exchange.close();
        });

        assertThatThrownBy(() -> client.catalog(0, 30)).isInstanceOfSatisfying(ControllerException.class,
                e -> assertThat(e.getMessage()).contains("the answer declares 1099511627776 bytes, more than the "
                        + CatalogLoader.MAX_BYTES + " bytes allowed"));
    }

    @Test
    void statusAndRenewalAnswersAreCappedToo() {
        fake.route(STATUS, endlessBody(200, new AtomicLong()));
        fake.route(CERTIFICATE, endlessBody(200, new AtomicLong()));

        assertThatThrownBy(() -> client.putStatus(new NodeStatus(FakeControllerFixture.NODE, 0, 0, null, false,
                false, null, null, null, null, null, null))).isInstanceOfSatisfying(ControllerException.class,
                e -> assertThat(e.getMessage()).contains("status report: unexpected answer: the answer went past "
                        + ControllerHttp.ANSWER_MAX_BYTES + " bytes"));
        assertThatThrownBy(() -> client.renew("csr")).isInstanceOfSatisfying(ControllerException.class,
                e -> assertThat(e.getMessage()).contains("certificate renewal: unexpected answer: the answer went "
                        + "past " + ControllerHttp.ANSWER_MAX_BYTES + " bytes"));
    }

    /** Streams (chunked) up to {@value #ENDLESS} bytes of JSON-ish filler, counting what the client took. */
    private static HttpHandler endlessBody(int status, AtomicLong sent) {
        return exchange -> {
            exchange.sendResponseHeaders(status, 0);
            byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.UTF_8);
            try (var out = exchange.getResponseBody()) {
                while (sent.get() < ENDLESS) {
                    out.write(chunk);
                    sent.addAndGet(chunk.length);
                }
            } catch (java.io.IOException e) {
                // the client hung up: what the test wants
            }
        };
    }
}
