package io.kubenode.agent.kubeadm.simulator;

import io.kubenode.common.pki.CaTrust;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The simulator's HTTPS client to an apiserver: the server's name resolves through the node's own
 * {@code /etc/hosts} first (the sandbox's name service), the certificate must chain to the kubeconfig's CA and name
 * the host (hostname verification on, SNI = the name), the client certificate when the kubeconfig has one.
 */
final class ApiClient {
    record Response(int status, String body) {
    }

    private ApiClient() {
    }

    static Response get(SimulatorEnv env, Kubeconfig kubeconfig, String path, Duration timeout) throws IOException {
        return send(env, kubeconfig, "GET", path, null, timeout);
    }

    /** A request with an optional JSON body; a token user authenticates with {@code Authorization: Bearer}. */
    static Response send(SimulatorEnv env, Kubeconfig kubeconfig, String method, String path, String body,
                         Duration timeout) throws IOException {
        HostPort target = HostPort.ofUrl(kubeconfig.server());
        SSLContext context = kubeconfig.client() == null
                ? CaTrust.context(CaTrust.trusting(kubeconfig.cas()))
                : CaTrust.mutual(kubeconfig.client().key(), List.of(kubeconfig.client().certificate()),
                kubeconfig.cas());
        InetAddress address = resolve(env, target.host());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(address, target.port()), (int) timeout.toMillis());
            plain.setSoTimeout((int) timeout.toMillis());
            try (SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(plain, target.host(),
                    target.port(), false)) {
                SSLParameters parameters = tls.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!isAddressLiteral(target.host())) {
                    parameters.setServerNames(List.of(new SNIHostName(target.host())));
                }
                tls.setSSLParameters(parameters);
                tls.startHandshake();
                byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
                StringBuilder request = new StringBuilder(method).append(" ").append(path).append(" HTTP/1.1\r\n")
                        .append("Host: ").append(target).append("\r\nAccept: application/json\r\n")
                        .append("Connection: close\r\n");
                if (body != null) {
                    request.append("Content-Type: application/json\r\nContent-Length: ").append(content.length)
                            .append("\r\n");
                }
                if (kubeconfig.client() == null && kubeconfig.token() != null) {
                    request.append("Authorization: Bearer ").append(kubeconfig.token()).append("\r\n");
                }
                tls.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
                tls.getOutputStream().write(content);
                tls.getOutputStream().flush();
                return parse(tls.getInputStream());
            }
        }
    }

    private static Response parse(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        String text = all.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] status = head.lines().findFirst().orElse("").split(" ");
        if (status.length < 2) {
            throw new IOException("not an HTTP response");
        }
        if (head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked")) {
            body = unchunk(body);
        }
        return new Response(Integer.parseInt(status[1]), body);
    }

    private static String unchunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < body.length()) {
            int lineEnd = body.indexOf("\r\n", at);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    /** The node's /etc/hosts first (as glibc's "files dns" order), then the machine's resolver. */
    static InetAddress resolve(SimulatorEnv env, String host) throws IOException {
        if (isAddressLiteral(host)) {
            return InetAddress.getByName(host);
        }
        Path hosts = env.host("/etc/hosts");
        if (Files.isRegularFile(hosts)) {
            for (String line : Files.readAllLines(hosts)) {
                int hash = line.indexOf('#');
                String[] words = (hash < 0 ? line : line.substring(0, hash)).strip().split("\\s+");
                for (int i = 1; i < words.length; i++) {
                    if (words[i].equalsIgnoreCase(host)) {
                        return InetAddress.getByName(words[0]);
                    }
                }
            }
        }
        return InetAddress.getByName(host);
    }

    static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+");
    }
}
