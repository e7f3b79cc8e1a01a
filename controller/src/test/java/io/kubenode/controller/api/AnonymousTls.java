package io.kubenode.controller.api;

import io.kubenode.common.pki.Pem;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

/**
 * Raw TLS connections without a client certificate (what anyone on the network can open), trusting only the cluster
 * CA: for bytes no HTTP client sends, slowly or in bulk.
 */
final class AnonymousTls {
    private final SSLContext context;
    private final int port;

    AnonymousTls(Path caCertificate, int port) throws IOException, GeneralSecurityException {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("cluster-ca", Pem.readCertificate(Files.readString(caCertificate)));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        this.port = port;
    }

    /** A connection whose handshake is done. */
    SSLSocket connect() throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        return socket;
    }

    static void send(SSLSocket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection (or {@code soTimeoutMillis} of silence). */
    static String readUntilClosed(SSLSocket socket, int soTimeoutMillis) throws IOException {
        socket.setSoTimeout(soTimeoutMillis);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        try {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                received.write(buffer, 0, read);
            }
        } catch (SocketTimeoutException e) {
            received.write("<still open>".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            // a reset counts as closed
        }
        return received.toString(StandardCharsets.ISO_8859_1);
    }
}
