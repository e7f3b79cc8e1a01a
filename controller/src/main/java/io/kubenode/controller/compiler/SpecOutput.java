package io.kubenode.controller.compiler;

import java.io.ByteArrayOutputStream;

/**
 * The buffer a compiling thread serialises each spec into before it is hashed and copied into the batch's slab:
 * one per thread, reused, so a fleet's specs do not each grow and trim an array of their own.
 */
final class SpecOutput extends ByteArrayOutputStream {
    private static final ThreadLocal<SpecOutput> PER_THREAD = ThreadLocal.withInitial(SpecOutput::new);

    private SpecOutput() {
        super(64 * 1024);
    }

    /** This thread's buffer, emptied. */
    static SpecOutput empty() {
        SpecOutput output = PER_THREAD.get();
        output.reset();
        return output;
    }

    /** The internal array: valid up to {@link #size()}, until the next use on this thread. */
    byte[] array() {
        return buf;
    }
}
