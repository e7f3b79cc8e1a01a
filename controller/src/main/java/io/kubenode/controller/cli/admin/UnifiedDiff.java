package io.kubenode.controller.cli.admin;

import java.util.ArrayList;
import java.util.List;

/** Two texts as a unified diff ({@code ---}/{@code +++} labels, {@code @@} hunks with three lines of context). */
final class UnifiedDiff {
    static final int CONTEXT = 3;

    private UnifiedDiff() {
    }

    /** The diff lines; empty when the texts are equal. */
    static List<String> of(String fromLabel, String toLabel, String before, String after) {
        if (before.equals(after)) {
            return List.of();
        }
        List<String> out = new ArrayList<>(List.of("--- " + fromLabel, "+++ " + toLabel));
        List<String> beforeLines = lines(before);
        List<String> afterLines = lines(after);
        if (beforeLines.equals(afterLines)) {
            out.add("(the texts differ only in their final newline)");
            return out;
        }
        List<LineDiff.Line> diff = LineDiff.between(beforeLines, afterLines);
        int[] beforeCount = new int[diff.size() + 1];
        int[] afterCount = new int[diff.size() + 1];
        for (int index = 0; index < diff.size(); index++) {
            LineDiff.Kind kind = diff.get(index).kind();
            beforeCount[index + 1] = beforeCount[index] + (kind == LineDiff.Kind.ADDED ? 0 : 1);
            afterCount[index + 1] = afterCount[index] + (kind == LineDiff.Kind.REMOVED ? 0 : 1);
        }
        int index = 0;
        while (index < diff.size()) {
            if (diff.get(index).kind() == LineDiff.Kind.SAME) {
                index++;
                continue;
            }
            int start = Math.max(0, index - CONTEXT);
            int end = hunkEnd(diff, index);
            out.add(header(start, end, beforeCount, afterCount));
            for (int line = start; line < end; line++) {
                LineDiff.Line each = diff.get(line);
                out.add((each.kind() == LineDiff.Kind.SAME ? " " : each.kind() == LineDiff.Kind.REMOVED ? "-" : "+")
                        + each.text());
            }
            index = end;
        }
        return out;
    }

    /** Where the hunk that starts changing at {@code change} ends: changes closer than twice the context join it. */
    private static int hunkEnd(List<LineDiff.Line> diff, int change) {
        int lastChange = change;
        for (int index = change + 1; index < diff.size() && index <= lastChange + 2 * CONTEXT; index++) {
            if (diff.get(index).kind() != LineDiff.Kind.SAME) {
                lastChange = index;
            }
        }
        return Math.min(diff.size(), lastChange + CONTEXT + 1);
    }

    private static String header(int start, int end, int[] beforeCount, int[] afterCount) {
        return "@@ -" + range(beforeCount[start], beforeCount[end] - beforeCount[start]) + " +"
                + range(afterCount[start], afterCount[end] - afterCount[start]) + " @@";
    }

    /** Unified ranges are 1-based; an empty range names the line before it. */
    private static String range(int linesBefore, int length) {
        return (length == 0 ? linesBefore : linesBefore + 1) + "," + length;
    }

    static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return List.of(body.split("\n", -1));
    }
}
