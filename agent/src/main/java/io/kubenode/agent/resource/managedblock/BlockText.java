package io.kubenode.agent.resource.managedblock;

import java.util.ArrayList;
import java.util.List;

/**
 * A file's text as lines plus whether it ends with a newline, and the pure edits of a managed block in it. Lines
 * outside the block are kept byte for byte, in order; the trailing newline (or its absence) is kept too.
 */
final class BlockText {
    private final List<String> lines;
    private final boolean endsWithNewline;

    private BlockText(List<String> lines, boolean endsWithNewline) {
        this.lines = List.copyOf(lines);
        this.endsWithNewline = endsWithNewline;
    }

    static BlockText parse(String text) {
        if (text.isEmpty()) {
            return new BlockText(List.of(), false);
        }
        boolean endsWithNewline = text.endsWith("\n");
        String body = endsWithNewline ? text.substring(0, text.length() - 1) : text;
        return new BlockText(List.of(body.split("\n", -1)), endsWithNewline);
    }

    /** The lines a block's content stands for: one trailing newline is the end of the last line, not a line. */
    static List<String> contentLines(String content) {
        if (content == null || content.isEmpty()) {
            return List.of();
        }
        String body = content.endsWith("\n") ? content.substring(0, content.length() - 1) : content;
        return List.of(body.split("\n", -1));
    }

    /**
     * Where the block is: indexes of its begin and end marker lines, or null when the file has neither marker.
     * Anything ambiguous (two begins, two ends, a begin without an end or the other way round) is refused: the
     * agent must not guess which lines are its own in a file people edit.
     */
    Location locate(String path, String begin, String end) throws BlockException {
        List<Integer> begins = indexesOf(begin);
        List<Integer> ends = indexesOf(end);
        if (begins.isEmpty() && ends.isEmpty()) {
            return null;
        }
        if (begins.size() > 1) {
            throw new BlockException(path + ": '" + begin + "' appears " + begins.size() + " times (lines "
                    + oneBased(begins) + "); remove the extra block by hand, kubenode does not guess which is its own");
        }
        if (ends.size() > 1) {
            throw new BlockException(path + ": '" + end + "' appears " + ends.size() + " times (lines "
                    + oneBased(ends) + "); remove the extra marker by hand, kubenode does not guess");
        }
        if (begins.isEmpty() || ends.isEmpty()) {
            String present = begins.isEmpty() ? end : begin;
            String missing = begins.isEmpty() ? begin : end;
            int line = (begins.isEmpty() ? ends : begins).get(0) + 1;
            throw new BlockException(path + ": '" + present + "' at line " + line + " has no matching '" + missing
                    + "'; fix the block by hand, kubenode does not guess where it ends");
        }
        if (ends.get(0) < begins.get(0)) {
            throw new BlockException(path + ": '" + end + "' (line " + (ends.get(0) + 1) + ") comes before '"
                    + begin + "' (line " + (begins.get(0) + 1) + "); fix the block by hand");
        }
        return new Location(begins.get(0), ends.get(0));
    }

    /** The lines between the markers. */
    List<String> blockAt(Location location) {
        return lines.subList(location.begin() + 1, location.end());
    }

    /** The text with the block replaced in place, or appended when {@code location} is null. */
    String withBlock(Location location, String begin, List<String> content, String end) {
        List<String> block = new ArrayList<>();
        block.add(begin);
        block.addAll(content);
        block.add(end);
        List<String> result = new ArrayList<>();
        boolean trailingNewline;
        if (location == null) {
            // appending: the last existing line gets the newline it may lack, the block ends with one
            result.addAll(lines);
            result.addAll(block);
            trailingNewline = true;
        } else {
            result.addAll(lines.subList(0, location.begin()));
            result.addAll(block);
            result.addAll(lines.subList(location.end() + 1, lines.size()));
            trailingNewline = endsWithNewline;
        }
        return String.join("\n", result) + (trailingNewline ? "\n" : "");
    }

    private List<Integer> indexesOf(String marker) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            // trailing blanks and a CR (file edited on Windows) do not make a marker someone else's
            if (lines.get(i).stripTrailing().equals(marker)) {
                found.add(i);
            }
        }
        return found;
    }

    private static String oneBased(List<Integer> indexes) {
        return String.join(", ", indexes.stream().map(index -> String.valueOf(index + 1)).toList());
    }

    /** Indexes of the begin and end marker lines. */
    record Location(int begin, int end) {
    }

    /** The file's markers are ambiguous. */
    static final class BlockException extends Exception {
        BlockException(String message) {
            super(message);
        }
    }
}
