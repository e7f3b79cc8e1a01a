package io.kubenode.controller.compiler;

/**
 * The byte arrays of one batch copied into a few large chunks. A fleet's serialised catalogs are tens of MB in
 * arrays of tens of KB, which every young collection would copy while they wait to be stored and served; chunks
 * of MBs are G1 humongous objects, allocated in place and never copied. Chunks grow from small, so a five-node
 * cluster does not pay for a fleet. Thread-safe.
 */
public final class ByteSlab {
    static final int FIRST_CHUNK = 64 * 1024;
    static final int MAX_CHUNK = 8 * 1024 * 1024;

    private byte[] chunk = new byte[0];
    private int used;
    private int nextChunk = FIRST_CHUNK;

    /** A copy of the first {@code length} bytes of {@code array} in the slab (in a chunk of its own if larger). */
    public synchronized ByteSlice copyOf(byte[] array, int length) {
        if (chunk.length - used < length) {
            while (nextChunk < length) {
                nextChunk *= 2;
            }
            chunk = new byte[nextChunk];
            used = 0;
            nextChunk = Math.min(MAX_CHUNK, nextChunk * 2);
        }
        System.arraycopy(array, 0, chunk, used, length);
        ByteSlice slice = new ByteSlice(chunk, used, length);
        used += length;
        return slice;
    }
}
