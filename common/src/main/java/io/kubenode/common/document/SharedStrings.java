package io.kubenode.common.document;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Large strings that many documents of one batch share (a fleet's {@code /etc/hosts} block is in every node's
 * catalog), escaped to JSON once and copied as bytes afterwards: {@link Documents#writeCanonicalJson(Object,
 * SharedStrings, java.io.OutputStream)} then costs a copy, not a character-by-character escape, for each repetition. One instance per
 * batch, so what it holds goes with the batch. Thread-safe.
 */
public final class SharedStrings {
    /** Shorter strings are escaped in place: looking them up would cost about as much. */
    static final int MIN_LENGTH = 1024;
    /** Marks a string the generator must write itself (see {@link #escaped}). */
    private static final byte[] NOT_SHARED = new byte[0];

    private final Map<String, byte[]> escaped = new ConcurrentHashMap<>();

    /**
     * The UTF-8 JSON string body of {@code value} (escaped, without the quotes), or empty when the generator must
     * write it: the generator escapes characters outside the BMP as \\u surrogate pairs, where the encoder writes
     * them as UTF-8, and the bytes must not depend on the path taken.
     */
    byte[] escaped(String value) {
        return escaped.computeIfAbsent(value, SharedStrings::escape);
    }

    private static byte[] escape(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isSurrogate(value.charAt(i))) {
                return NOT_SHARED;
            }
        }
        return JsonStringEncoder.getInstance().quoteAsUTF8(value);
    }
}
