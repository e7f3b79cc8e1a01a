package io.kubenode.agent.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real (minimal) HTTP proxy on 127.0.0.1 that tunnels CONNECT requests, as corporate proxies do for https.
 * Records each CONNECT target, so a test can prove a download went through it.
 */
public final class TestConnectProxy implements AutoCloseable {
    private final ServerSocket listener;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<String> tunnels = new CopyOnWriteArrayList<>();

    public TestConnectProxy() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(this::acceptLoop);
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** "host:port" of every tunnel opened. */
    public List<String> tunnels() {
        return List.copyOf(tunnels);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                threads.submit(() -> tunnel(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try (client) {
            String request = readHead(client.getInputStream());
            String[] requestLine = request.split("\r\n")[0].split(" ");
            if (!requestLine[0].equals("CONNECT")) {
                client.getOutputStream().write("HTTP/1.1 405 Only CONNECT\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            tunnels.add(requestLine[1]);
            String[] hostPort = requestLine[1].split(":");
            try (Socket upstream = new Socket()) {
                upstream.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])));
                client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                threads.submit(() -> pipe(upstream.getInputStream(), client.getOutputStream()));
                pipe(client.getInputStream(), upstream.getOutputStream());
            }
        } catch (IOException e) {
            // a closed tunnel is the normal end
        }
    }

    private static Void pipe(InputStream from, OutputStream to) throws IOException {
        try {
            from.transferTo(to);
        } finally {
            to.close();
        }
        return null;
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int next = in.read();
            if (next == -1) {
                throw new IOException("client closed before the end of the request head");
            }
            head.write(next);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        threads.shutdownNow();
    }
}
