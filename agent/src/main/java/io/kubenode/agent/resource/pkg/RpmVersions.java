package io.kubenode.agent.resource.pkg;

/**
 * Orders rpm version strings the way rpm does for the common cases: split into runs of digits and of letters
 * (other characters only separate), digit runs compare as numbers and beat letter runs, a tilde sorts before
 * anything (1.0~rc1 < 1.0), and the version with segments left over is newer.
 */
final class RpmVersions {
    private RpmVersions() {
    }

    static int compare(String left, String right) {
        int i = 0;
        int j = 0;
        while (true) {
            i = skipSeparators(left, i);
            j = skipSeparators(right, j);
            boolean leftTilde = i < left.length() && left.charAt(i) == '~';
            boolean rightTilde = j < right.length() && right.charAt(j) == '~';
            if (leftTilde || rightTilde) {
                if (leftTilde != rightTilde) {
                    return leftTilde ? -1 : 1;
                }
                i++;
                j++;
                continue;
            }
            if (i >= left.length() || j >= right.length()) {
                return Boolean.compare(i < left.length(), j < right.length());
            }
            boolean numeric = Character.isDigit(left.charAt(i));
            if (numeric != Character.isDigit(right.charAt(j))) {
                return numeric ? 1 : -1;
            }
            int leftEnd = segmentEnd(left, i, numeric);
            int rightEnd = segmentEnd(right, j, numeric);
            int order = numeric
                    ? compareNumbers(left.substring(i, leftEnd), right.substring(j, rightEnd))
                    : left.substring(i, leftEnd).compareTo(right.substring(j, rightEnd));
            if (order != 0) {
                return Integer.signum(order);
            }
            i = leftEnd;
            j = rightEnd;
        }
    }

    private static int skipSeparators(String text, int from) {
        int at = from;
        while (at < text.length() && !Character.isLetterOrDigit(text.charAt(at)) && text.charAt(at) != '~') {
            at++;
        }
        return at;
    }

    private static int segmentEnd(String text, int from, boolean numeric) {
        int at = from;
        while (at < text.length() && (numeric ? Character.isDigit(text.charAt(at))
                : Character.isLetter(text.charAt(at)))) {
            at++;
        }
        return at;
    }

    private static int compareNumbers(String left, String right) {
        String a = left.replaceFirst("^0+(?=.)", "");
        String b = right.replaceFirst("^0+(?=.)", "");
        return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
    }
}
