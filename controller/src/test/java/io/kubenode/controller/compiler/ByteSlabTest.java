package io.kubenode.controller.compiler;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ByteSlabTest {

    private static byte[] bytesOf(ByteSlice slice) {
        return Arrays.copyOfRange(slice.array(), slice.offset(), slice.offset() + slice.length());
    }

    private static byte[] randomBytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    @Test
    void everySliceHoldsACopyOfTheBytesGiven() {
        SplittableRandom random = new SplittableRandom(3);
        ByteSlab slab = new ByteSlab();
        List<byte[]> expected = new ArrayList<>();
        List<ByteSlice> slices = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            byte[] bytes = randomBytes(random, random.nextInt(i % 100 == 0 ? 200_000 : 5_000));
            expected.add(bytes.clone());
            slices.add(slab.copyOf(bytes, bytes.length));
            Arrays.fill(bytes, (byte) 0x55); // the caller's array is its own again
        }

        for (int i = 0; i < expected.size(); i++) {
            assertThat(bytesOf(slices.get(i))).as("slice %d", i).isEqualTo(expected.get(i));
        }
    }

    @Test
    void smallBatchesStayInASmallChunkAndLargeOnesGetLargeChunks() {
        ByteSlab slab = new ByteSlab();
        ByteSlice first = slab.copyOf(new byte[10_000], 10_000);
        assertThat(first.array()).hasSize(ByteSlab.FIRST_CHUNK);
        assertThat(slab.copyOf(new byte[10_000], 10_000).array()).isSameAs(first.array());

        ByteSlice last = first;
        for (int i = 0; i < 3_000; i++) {
            last = slab.copyOf(new byte[40_000], 40_000);
        }
        assertThat(last.array()).hasSize(ByteSlab.MAX_CHUNK);
    }

    @Test
    void onlyTheGivenLengthIsCopiedAndALargerOneThanAChunkGetsAChunkOfItsOwn() {
        ByteSlab slab = new ByteSlab();
        byte[] large = new byte[ByteSlab.MAX_CHUNK + 10];
        large[ByteSlab.MAX_CHUNK] = 9;

        ByteSlice slice = slab.copyOf(large, ByteSlab.MAX_CHUNK + 1);

        assertThat(slice.length()).isEqualTo(ByteSlab.MAX_CHUNK + 1);
        assertThat(slice.array()[slice.offset() + ByteSlab.MAX_CHUNK]).isEqualTo((byte) 9);
        assertThat(bytesOf(slab.copyOf(new byte[]{1, 2, 3}, 2))).isEqualTo(new byte[]{1, 2});
    }

    @Test
    void concurrentCopiesNeverOverlap() {
        ByteSlab slab = new ByteSlab();
        List<ByteSlice> slices = IntStream.range(0, 4_000).parallel()
                .mapToObj(i -> slab.copyOf(new byte[]{(byte) i, (byte) (i >> 8), 7}, 3)).toList();

        for (int i = 0; i < slices.size(); i++) {
            assertThat(bytesOf(slices.get(i))).isEqualTo(new byte[]{(byte) i, (byte) (i >> 8), 7});
        }
    }
}
