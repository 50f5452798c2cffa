package memdesc.steps;

import java.util.Collection;

/** "Did you mean" hints by edit distance. */
public final class Names {
    private Names() {}

    /** {@code " (did you mean 'x'?)"} for the closest candidate within a small distance, else "". */
    public static String didYouMean(String word, Collection<String> candidates) {
        // bounded work whatever the input: no hint for long words, and only candidates of a near length
        // are measured (thousands of steps with long ids would otherwise cost minutes)
        if (word.length() > MAX_HINT_LENGTH) return "";
        int limit = Math.max(2, word.length() / 3);
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (Math.abs(c.length() - word.length()) > limit) continue;
            int d = distance(word, c);
            if (d < bestD) {
                bestD = d;
                best = c;
            }
        }
        // a word of punctuation alone ("_", "-") is no typo of a name: every name is within 2 of it
        boolean wordy = word.chars().anyMatch(Character::isLetterOrDigit);
        return best != null && bestD <= limit && wordy ? " (did you mean '" + best + "'?)" : "";
    }

    /** Words longer than this get no hint. */
    static final int MAX_HINT_LENGTH = 64;

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
