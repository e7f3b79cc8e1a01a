package io.kubenode.controller.orchestration.clusterapi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading a whole HTTP/1.1 answer: by length, chunked (how kube-apiserver sends large lists), or to the end. */
class HttpAnswerTest {

    @Test
    void aBodyByContentLengthStopsAtItsLength() {
        HttpAnswer answer = HttpAnswer.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}extra"));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void aChunkedBodyIsJoinedWithExtensionsAndTrailersIgnored() {
        HttpAnswer answer = HttpAnswer.parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "4;ext=1\r\n{\"it\r\n6\r\nems\":[\r\n2\r\n]}\r\n0\r\nX-Trailer: y\r\n\r\n"));

        assertThat(new String(answer.body(), StandardCharsets.UTF_8)).isEqualTo("{\"items\":[]}");
    }

    @Test
    void withoutLengthTheBodyRunsToTheEnd() {
        assertThat(HttpAnswer.parse(bytes("HTTP/1.0 403 Forbidden\r\n\r\nno")).body()).isEqualTo(bytes("no"));
    }

    @Test
    void cutShortOrNoHttpIsAnError() {
        assertThatThrownBy(() -> HttpAnswer.parse(bytes("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}")))
                .hasMessageContaining("cut short");
        assertThatThrownBy(() -> HttpAnswer.parse(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "ff\r\nabc"))).hasMessageContaining("cut short");
        assertThatThrownBy(() -> HttpAnswer.parse(bytes("SSH-2.0-OpenSSH\r\n\r\n"))).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpAnswer.parse(bytes("HTTP/1.1 200 OK\r\n"))).hasMessageContaining("no complete");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }
}
