package io.kubenode.agent.host;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Checks that a gRPC (HTTP/2) server answers on a unix socket, which is how containerd serves the CRI: it sends the
 * HTTP/2 client connection preface and an empty SETTINGS frame and requires a SETTINGS frame back. This proves a
 * live HTTP/2 server accepts connections there, not that every gRPC service behind it works; a full gRPC call
 * would need protobuf and HPACK for little more certainty. The connection is then closed politely (GOAWAY).
 */
final class UnixSocketHttp2Probe {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int FRAME_HEADER = 9;
    private static final byte SETTINGS = 0x4;
    private static final byte GOAWAY = 0x7;
    private static final byte ACK = 0x1;

    private UnixSocketHttp2Probe() {
    }

    static ProbeResult probe(Path socket, String hostPath, Duration timeout) {
        if (!Files.exists(socket)) {
            return ProbeResult.unhealthy("no socket at " + hostPath);
        }
        try {
            return UnixSocketIo.converse(socket, timeout, (key, deadline) -> {
                UnixSocketIo.writeFully(key, ByteBuffer.allocate(PREFACE.length + FRAME_HEADER).put(PREFACE)
                        .put(frame(SETTINGS, (byte) 0, 0)).flip(), deadline);
                ByteBuffer header = ByteBuffer.allocate(FRAME_HEADER);
                if (!UnixSocketIo.readFully(key, header, deadline)) {
                    return ProbeResult.unhealthy(hostPath + " accepted the connection but closed it without an "
                            + "HTTP/2 answer");
                }
                int type = header.get(3) & 0xFF;
                if (type != SETTINGS) {
                    return ProbeResult.unhealthy(hostPath + " answered, but not with an HTTP/2 SETTINGS frame "
                            + "(frame type 0x" + Integer.toHexString(type) + "): not a gRPC server");
                }
                UnixSocketIo.writeFully(key, ByteBuffer.allocate(2 * FRAME_HEADER + 8).put(frame(SETTINGS, ACK, 0))
                        .put(frame(GOAWAY, (byte) 0, 8)).putLong(0).flip(), deadline);
                return ProbeResult.healthy("a gRPC (HTTP/2) server answers on " + hostPath);
            });
        } catch (UnixSocketIo.Timeout e) {
            return ProbeResult.unhealthy("no HTTP/2 answer on " + hostPath + " within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return ProbeResult.unhealthy("cannot talk to " + hostPath + ": " + e.getMessage());
        }
    }

    private static byte[] frame(byte type, byte flags, int length) {
        return ByteBuffer.allocate(FRAME_HEADER).put((byte) (length >>> 16)).put((byte) (length >>> 8))
                .put((byte) length).put(type).put(flags).putInt(0).array();
    }
}
