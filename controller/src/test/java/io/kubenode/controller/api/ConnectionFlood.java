package io.kubenode.controller.api;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * A separate process (so its sockets do not count against the test JVM's open-file limit) that opens connections
 * without a client certificate and holds them: {@code tls} of them finish the handshake and send the start of a
 * request that never ends (slowloris), {@code tcp} of them never even start TLS. Prints "ready TLS_OPENED TCP_OPENED"
 * and holds everything until its standard input closes. Only JDK classes: it runs from the test classes alone.
 *
 * <p>Arguments: PORT CA_FILE TLS TCP.
 */
public final class ConnectionFlood {
    private ConnectionFlood() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        SSLContext context = anonymousContext(args[1]);
        int tls = Integer.parseInt(args[2]);
        int tcp = Integer.parseInt(args[3]);
        List<Closeable> held = new ArrayList<>();
        long started = System.nanoTime();
        int tlsHeld = 0;
        for (int i = 0; i < tls; i++) {
            try {
                SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(5000);
                socket.startHandshake();
                socket.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
                        .getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().flush();
                held.add(socket);
                tlsHeld++;
            } catch (IOException refused) {
                // the server closed it: the cap is reached
            }
        }
        System.err.printf("ConnectionFlood: %d of %d TLS connections in %d ms%n", tlsHeld, tls,
                (System.nanoTime() - started) / 1_000_000);
        int tcpHeld = 0;
        for (int i = 0; i < tcp; i++) {
            try {
                held.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
                tcpHeld++;
            } catch (IOException refused) {
                break;
            }
        }
        System.out.println("ready " + tlsHeld + " " + tcpHeld);
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // hold until the test closes our standard input
        }
        for (Closeable each : held) {
            try {
                each.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static SSLContext anonymousContext(String caFile) throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        try (FileInputStream in = new FileInputStream(caFile)) {
            anchors.setCertificateEntry("cluster-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
