package io.kubenode.controller.cli.admin;

import java.util.ArrayList;
import java.util.List;

/**
 * A line diff: the shortest edit script by longest common subsequence, after taking off the common head and tail
 * (where most edits of a document leave almost everything). A middle too large for the table (over
 * {@link #MAX_CELLS}) is shown as all-removed then all-added: still a correct diff, just not a minimal one.
 */
final class LineDiff {
    static final long MAX_CELLS = 4_000_000;

    enum Kind { SAME, REMOVED, ADDED }

    record Line(Kind kind, String text) {
    }

    private LineDiff() {
    }

    static List<Line> between(List<String> before, List<String> after) {
        int head = 0;
        while (head < before.size() && head < after.size() && before.get(head).equals(after.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < before.size() - head && tail < after.size() - head
                && before.get(before.size() - 1 - tail).equals(after.get(after.size() - 1 - tail))) {
            tail++;
        }
        List<Line> lines = new ArrayList<>();
        before.subList(0, head).forEach(text -> lines.add(new Line(Kind.SAME, text)));
        middle(before.subList(head, before.size() - tail), after.subList(head, after.size() - tail), lines);
        before.subList(before.size() - tail, before.size()).forEach(text -> lines.add(new Line(Kind.SAME, text)));
        return lines;
    }

    private static void middle(List<String> before, List<String> after, List<Line> lines) {
        int rows = before.size();
        int columns = after.size();
        if ((long) (rows + 1) * (columns + 1) > MAX_CELLS) {
            before.forEach(text -> lines.add(new Line(Kind.REMOVED, text)));
            after.forEach(text -> lines.add(new Line(Kind.ADDED, text)));
            return;
        }
        // common[i][j]: length of the longest common subsequence of before[i..] and after[j..]
        int[] common = new int[(rows + 1) * (columns + 1)];
        for (int i = rows - 1; i >= 0; i--) {
            for (int j = columns - 1; j >= 0; j--) {
                common[i * (columns + 1) + j] = before.get(i).equals(after.get(j))
                        ? common[(i + 1) * (columns + 1) + j + 1] + 1
                        : Math.max(common[(i + 1) * (columns + 1) + j], common[i * (columns + 1) + j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        while (i < rows && j < columns) {
            if (before.get(i).equals(after.get(j))) {
                lines.add(new Line(Kind.SAME, before.get(i++)));
                j++;
            } else if (common[(i + 1) * (columns + 1) + j] >= common[i * (columns + 1) + j + 1]) {
                lines.add(new Line(Kind.REMOVED, before.get(i++)));
            } else {
                lines.add(new Line(Kind.ADDED, after.get(j++)));
            }
        }
        before.subList(i, rows).forEach(text -> lines.add(new Line(Kind.REMOVED, text)));
        after.subList(j, columns).forEach(text -> lines.add(new Line(Kind.ADDED, text)));
    }
}
