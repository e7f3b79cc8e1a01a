package io.kubenode.controller.compiler;

/** {@code length} bytes of {@code array} from {@code offset}; the array is shared and never modified. */
public record ByteSlice(byte[] array, int offset, int length) {

    public ByteSlice {
        if (offset < 0 || length < 0 || offset + length > array.length) {
            throw new IllegalArgumentException("slice [" + offset + ", +" + length + ") outside " + array.length
                    + " bytes");
        }
    }
}
