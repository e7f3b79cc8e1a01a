package io.kubenode.common.net;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.Socket;
import java.util.List;

/**
 * TLS over a socket already connected to an address the caller chose, spoken as to {@code host}: SNI with that name
 * (when it is one) and the server certificate verified for it, so connecting elsewhere than the resolver would (a
 * virtual IP, a sandbox's own /etc/hosts) never weakens what is checked.
 */
public final class DirectTls {
    private DirectTls() {
    }

    public static SSLSocket handshake(Socket connected, SSLContext tls, String host, int port, int timeoutMillis)
            throws IOException {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(connected, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (IpAddress.parse(host).isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(timeoutMillis);
        socket.startHandshake();
        return socket;
    }
}
