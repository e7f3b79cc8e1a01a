package io.kubenode.common.document;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Shared strings change how a batch is serialised, never the bytes. */
class SharedStringsTest {

    /** Text like a hosts block, with every character class JSON escapes or encodes differently. */
    private static String largeText(SplittableRandom random, int length, boolean outsideTheBmp) {
        String alphabet = "abc 192.0.2.1\n\t\"\\/\u0000\u001f\u007f\u00e9\u20ac\u2028";
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            if (outsideTheBmp && random.nextInt(50) == 0) {
                text.append("\ud83d\ude80"); // a character outside the BMP: a surrogate pair
            } else {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return text.toString();
    }

    @Test
    void aBatchSerialisedWithSharedStringsHasTheSameBytesAsWithout() {
        SplittableRandom random = new SplittableRandom(11);
        String shared = largeText(random, 40_000, false);
        String sharedOutsideTheBmp = largeText(random, 3000, true);
        SharedStrings batch = new SharedStrings();
        for (int document = 0; document < 50; document++) {
            Map<String, Object> value = new TreeMap<>();
            value.put("hosts", shared);
            value.put("own", largeText(random, SharedStrings.MIN_LENGTH + random.nextInt(3000), document % 2 == 0));
            value.put("short", largeText(random, random.nextInt(SharedStrings.MIN_LENGTH), true));
            value.put("astral", sharedOutsideTheBmp);
            List<String> list = new ArrayList<>(List.of(shared, "x", largeText(random, 2000, false)));
            value.put("list", list);
            value.put("nested", Map.of("hosts", new String(shared.toCharArray()))); // equal, not the same object

            byte[] plain = Documents.canonicalJsonBytes(value);
            byte[] viaBatch = canonicalJsonBytes(value, batch);

            int mismatch = Arrays.mismatch(viaBatch, plain);
            assertThat(mismatch).as("first differing byte of document %d: %s", document, mismatch < 0 ? ""
                    : around(viaBatch, mismatch) + " instead of " + around(plain, mismatch)).isEqualTo(-1);
        }
        assertThat(batch.escaped(shared)).as("escaped once, then reused").isNotEmpty()
                .isSameAs(batch.escaped(new String(shared.toCharArray())));
        assertThat(batch.escaped(sharedOutsideTheBmp)).as("left to the generator").isEmpty();
    }

    private static byte[] canonicalJsonBytes(Object value, SharedStrings batch) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Documents.writeCanonicalJson(value, batch, out);
        return out.toByteArray();
    }

    private static String around(byte[] json, int at) {
        int from = Math.max(0, at - 20);
        return "'" + new String(json, from, Math.min(json.length, at + 20) - from, StandardCharsets.UTF_8) + "'";
    }

    @Test
    void theEscapedFormIsValidJsonThatReadsBackToTheString() throws Exception {
        String text = largeText(new SplittableRandom(5), 5000, false);

        byte[] json = canonicalJsonBytes(Map.of("text", text), new SharedStrings());

        assertThat(Documents.json().readTree(json).get("text").textValue()).isEqualTo(text);
    }
}
