package io.kubenode.agent.host;

import java.nio.charset.StandardCharsets;

/**
 * The last bytes a command printed on stdout and stderr together, in the order they arrived: what a failure
 * message shows of a long command (kubeadm prints thousands of lines; the end says why it stopped). Bounded.
 */
final class OutputTail {
    private final byte[] ring;
    private long written;

    OutputTail(int capacity) {
        this.ring = new byte[capacity];
    }

    synchronized void append(byte[] bytes, int offset, int length) {
        for (int i = 0; i < length; i++) {
            ring[(int) (written++ % ring.length)] = bytes[offset + i];
        }
    }

    /** The last {@code max} bytes (at most the capacity) as text; a character cut at the start is dropped. */
    synchronized String last(int max) {
        int size = (int) Math.min(Math.min(written, ring.length), max);
        byte[] tail = new byte[size];
        for (int i = 0; i < size; i++) {
            tail[i] = ring[(int) ((written - size + i) % ring.length)];
        }
        int start = 0;
        while (start < tail.length && start < 3 && (tail[start] & 0xC0) == 0x80) {
            start++;
        }
        return new String(tail, start, tail.length - start, StandardCharsets.UTF_8);
    }
}
