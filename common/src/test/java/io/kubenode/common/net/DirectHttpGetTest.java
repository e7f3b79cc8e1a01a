package io.kubenode.common.net;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The plain-http half of the direct GET against a scripted socket server: the request it sends (Host header names
 * the URL's host, not the address connected to), the status it reads, and bounded waits on servers that misbehave.
 */
class DirectHttpGetTest {
    private final ServerSocket server;
    private final CompletableFuture<String> request = new CompletableFuture<>();

    DirectHttpGetTest() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Answers one connection with {@code response} and keeps it open (a server ignoring "Connection: close"). */
    private void answerOnce(String response) {
        Thread thread = new Thread(() -> {
            try (Socket socket = server.accept()) {
                InputStream in = socket.getInputStream();
                StringBuilder head = new StringBuilder();
                while (!head.toString().endsWith("\r\n\r\n")) {
                    int next = in.read();
                    if (next < 0) {
                        break;
                    }
                    head.append((char) next);
                }
                request.complete(head.toString());
                OutputStream out = socket.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(10_000);
            } catch (IOException | InterruptedException e) {
                request.completeExceptionally(e);
            }
        });
        thread.setDaemon(true);
        thread.start();
    }

    private URI url(String host) {
        return URI.create("http://" + host + ":" + server.getLocalPort() + "/healthz?verbose");
    }

    @Test
    void aStatusAndBodyWithContentLengthComeBackAtOnceOnAKeptOpenConnection() throws Exception {
        answerOnce("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 9\r\n\r\nnot ready");
        long started = System.nanoTime();

        DirectHttpGet.Answer answer = DirectHttpGet.get(url("kubelet.internal"), InetAddress.getLoopbackAddress(),
                null, Duration.ofSeconds(5));

        assertThat(answer).isEqualTo(new DirectHttpGet.Answer(503, "not ready"));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(request.get()).startsWith("GET /healthz?verbose HTTP/1.1\r\nHost: kubelet.internal:"
                + server.getLocalPort() + "\r\n").contains("Connection: close\r\n");
    }

    @Test
    void anIpv6LiteralHostIsBracketedOnceInTheHostHeader() throws Exception {
        answerOnce("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n");

        DirectHttpGet.Answer answer = DirectHttpGet.get(url("[fd00::10]"), InetAddress.getLoopbackAddress(), null,
                Duration.ofSeconds(5));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(request.get()).contains("\r\nHost: [fd00::10]:" + server.getLocalPort() + "\r\n");
    }

    @Test
    void aServerThatNeverAnswersIsBoundedByTheTimeout() {
        answerOnce("");
        long started = System.nanoTime();

        assertThatThrownBy(() -> DirectHttpGet.get(url("127.0.0.1"), InetAddress.getLoopbackAddress(), null,
                Duration.ofMillis(500))).isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void somethingElseThanHttpIsAnError() {
        answerOnce("SSH-2.0-OpenSSH_9.2\r\n\r\n");

        assertThatThrownBy(() -> DirectHttpGet.get(url("127.0.0.1"), InetAddress.getLoopbackAddress(), null,
                Duration.ofSeconds(5))).isInstanceOf(IOException.class).hasMessageStartingWith("not an HTTP/1.x "
                + "response: SSH-2.0");
    }

    @Test
    void httpsWithoutATlsContextIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> DirectHttpGet.get(URI.create("https://127.0.0.1:1/"),
                InetAddress.getLoopbackAddress(), null, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
