package io.kubenode.agent.identity;

import io.kubenode.agent.host.TestHttpsServer;
import io.kubenode.common.pki.CaTrust;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The --ca-hash handshake against a real HTTPS server presenting server certificate + CA, as the controller does. */
class PinnedTrustManagerTest {
    private static final TestControllerPki PKI = new TestControllerPki("kubenode pin test CA");
    private static final TestControllerPki OTHER = new TestControllerPki("some other CA");

    private TestHttpsServer server = TestHttpsServer.start(PKI.serverContext())
            .route("/healthz", TestHttpsServer.status(200, "ok"));

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theServerIsAcceptedWhenItsChainHoldsThePinnedCa() throws Exception {
        PinnedTrustManager trust = new PinnedTrustManager(PKI.pin());

        HttpResponse<String> response = get(trust, server.url("/healthz"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(trust.anchor()).contains(PKI.caCertificate());
        assertThat(trust.mismatch()).isEmpty();
    }

    @Test
    void aPinMismatchFailsTheHandshakeNamesBothAndSendsNothing() {
        PinnedTrustManager trust = new PinnedTrustManager(OTHER.pin());

        assertThatThrownBy(() -> get(trust, server.url("/healthz"))).isInstanceOf(SSLHandshakeException.class);

        assertThat(trust.mismatch()).hasValueSatisfying(message -> assertThat(message)
                .contains("expected the CA pin " + OTHER.pin())
                .contains("kubenode pin test CA (" + PKI.pin() + ")"));
        assertThat(trust.anchor()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aMatchingPinDoesNotExcuseACertificateForAnotherHost() {
        server.close();
        server = TestHttpsServer.start(PKI.serverContext(List.of("controller.internal")))
                .route("/healthz", TestHttpsServer.status(200, "ok"));
        PinnedTrustManager trust = new PinnedTrustManager(PKI.pin());

        assertThatThrownBy(() -> get(trust, server.url("/healthz"))).isInstanceOf(SSLHandshakeException.class);

        assertThat(trust.anchor()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void aChainThatDoesNotVerifyUnderThePinnedCaIsRefused() {
        // an impostor with its own CA of the same name appends the genuine CA certificate (public, pinned) to a
        // chain that CA never signed: the pin matches, the chain does not verify
        TestControllerPki impostor = new TestControllerPki("kubenode pin test CA");
        server.close();
        server = TestHttpsServer.start(ForgedChain.serverContext(impostor, PKI.caCertificate()))
                .route("/healthz", TestHttpsServer.status(200, "ok"));
        PinnedTrustManager trust = new PinnedTrustManager(PKI.pin());

        assertThatThrownBy(() -> get(trust, server.url("/healthz"))).isInstanceOf(SSLHandshakeException.class);

        assertThat(trust.anchor()).isEmpty();
        assertThat(server.requests()).isEmpty();
    }

    private static HttpResponse<String> get(PinnedTrustManager trust, String url) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(CaTrust.context(trust)).build();
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
