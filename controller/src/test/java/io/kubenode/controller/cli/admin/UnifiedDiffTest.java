package io.kubenode.controller.cli.admin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class UnifiedDiffTest {

    private static String numbered(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line" + i + "\n").collect(Collectors.joining());
    }

    @Test
    void equalTextsHaveNoDiff() {
        assertThat(UnifiedDiff.of("a", "b", "x\ny\n", "x\ny\n")).isEmpty();
    }

    @Test
    void oneChangedLineComesWithThreeLinesOfContextEachSide() {
        String before = numbered(1, 10);
        String after = before.replace("line5\n", "five\n");

        assertThat(UnifiedDiff.of("old", "new", before, after)).containsExactly("--- old", "+++ new",
                "@@ -2,7 +2,7 @@", " line2", " line3", " line4", "-line5", "+five", " line6", " line7", " line8");
    }

    @Test
    void distantChangesMakeTwoHunksAndCloseOnesOne() {
        String before = numbered(1, 30);
        String after = before.replace("line3\n", "").replace("line25\n", "line25\nnew\n");

        List<String> diff = UnifiedDiff.of("a", "b", before, after);

        assertThat(diff).filteredOn(line -> line.startsWith("@@"))
                .containsExactly("@@ -1,6 +1,5 @@", "@@ -23,6 +22,7 @@");
        assertThat(UnifiedDiff.of("a", "b", before, before.replace("line10\n", "").replace("line15\n", "x\n")))
                .filteredOn(line -> line.startsWith("@@")).containsExactly("@@ -7,12 +7,11 @@");
    }

    @Test
    void addingToAnEmptyTextAndAMissingFinalNewline() {
        assertThat(UnifiedDiff.of("a", "b", "", "x\ny\n")).containsExactly("--- a", "+++ b", "@@ -0,0 +1,2 @@", "+x",
                "+y");
        assertThat(UnifiedDiff.of("a", "b", "x\n", "x")).containsExactly("--- a", "+++ b",
                "(the texts differ only in their final newline)");
    }

    @Test
    void aMiddleTooLargeForTheTableIsStillACorrectDiff() {
        int lines = 2100;
        String before = numbered(1, lines);
        String after = IntStream.rangeClosed(1, lines).mapToObj(i -> "other" + i + "\n").collect(Collectors.joining());

        List<String> diff = UnifiedDiff.of("a", "b", before, after);

        assertThat(diff.get(2)).isEqualTo("@@ -1," + lines + " +1," + lines + " @@");
        assertThat(diff).filteredOn(line -> line.startsWith("-")).hasSize(lines + 1);
        assertThat(diff).filteredOn(line -> line.startsWith("+")).hasSize(lines + 1);
    }
}
