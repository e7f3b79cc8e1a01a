package io.kubenode.controller.orchestration.clusterapi;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.kubenode.common.pki.CertificateAuthority;
import io.kubenode.common.pki.KeyPairs;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for kube-apiserver's TLS front for {@link KubernetesApiObserverTest} and the kubeconfig test: serves
 * {@code GET /api/v1/nodes} and {@code /readyz}
 * with a certificate {@code serverCa} signed for {@code names}, requires a client certificate of {@code clientCa}
 * (as kube-apiserver does with --client-ca-file), and records the subjects and serials of the clients it saw.
 */
public final class FakeApiServer implements AutoCloseable {
    private final HttpsServer server;
    public final List<X509Certificate> clients = new CopyOnWriteArrayList<>();
    volatile String nodeList = "{\"kind\":\"NodeList\",\"apiVersion\":\"v1\",\"items\":[]}";

    public FakeApiServer(CertificateAuthority serverCa, List<String> names, X509Certificate clientCa) throws Exception {
        KeyPair key = KeyPairs.ecP256();
        X509Certificate certificate = serverCa.issueServer(key.getPublic(), "kube-apiserver", names,
                Duration.ofHours(1));
        char[] password = new char[0];
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", key.getPrivate(), password, new Certificate[]{certificate,
                serverCa.certificate()});
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("client-ca", clientCa);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters parameters) {
                SSLParameters ssl = context.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        });
        server.createContext("/api/v1/nodes", this::nodes);
        server.createContext("/readyz", this::readyz);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void nodes(HttpExchange exchange) throws IOException {
        clients.add((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]);
        byte[] body = nodeList.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private void readyz(HttpExchange exchange) throws IOException {
        clients.add((X509Certificate) ((HttpsExchange) exchange).getSSLSession().getPeerCertificates()[0]);
        byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
