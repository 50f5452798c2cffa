package memdesc.git;

import memdesc.steps.InputException;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts, for every probe at once, the lines of one blob that match it, exactly as
 * {@code git grep -c} does (git 2.39, checked by the tests):
 * <ul>
 * <li>lines end at {@code \n}; a final line without one counts; {@code \r} belongs to the line;
 * <li>binary blobs (a NUL byte) are counted like text: {@code git grep -c} counts their lines too;
 * <li>git's look-ahead quirk: when a blob ends with {@code \n}, its last line does not match and the
 * pattern matches an empty line (e.g. {@code ^$}), git also counts the empty "line" after the final
 * newline. We do the same.
 * </ul>
 * One pass per blob: the blob is decoded once, each probe's required literals are found with
 * {@link String#indexOf} (a vectorised scan), and the regex only runs on the lines they hit; a probe
 * that is one literal between assertions ({@code \bpage->mapping\b}) needs no regex at all.
 * Probes without a usable literal scan the whole blob with their regex. Not thread-safe: one per thread.
 */
final class LineCounter {
    private final Compiled[] probes;
    private final Matcher[] matchers;

    /** A probe ready to run: a literal for --fixed, else a pattern and its prefilter literals. */
    record Compiled(String name, String fixed, Pattern pattern, String[] literals, boolean matchesEmptyLine,
                    String simple, String before, String after) {
        static Compiled of(Probe p) {
            if (p.name().indexOf('\t') >= 0) throw new InputException("probe '" + p.name() + "': error: a probe name cannot contain a tab");
            if (p.fixed()) {
                String lit = Ere.bytes(p.regex());
                if (lit.indexOf('\n') >= 0) throw new InputException("probe '" + p.name() + "': error: a newline in a pattern is not supported");
                return new Compiled(p.name(), lit, null, null, lit.isEmpty(), null, "", "");
            }
            Ere.Translation t = Ere.translate(p.name(), p.regex());
            String[] lits = t.literals() == null ? null : t.literals().toArray(String[]::new);
            return new Compiled(p.name(), null, t.pattern(), lits, t.pattern().matcher("").find(),
                    t.simple(), t.before(), t.after());
        }
    }

    static Compiled[] compile(List<Probe> probes) {
        return probes.stream().map(Compiled::of).toArray(Compiled[]::new);
    }

    /**
     * The shared prefilter: a few 4-byte keys, each contained in every literal of the probes it
     * covers (keyOf[k], -1 when probe k has none). A blob without a key cannot match those probes,
     * so most blobs cost one vectorised scan per key rather than one per probe.
     */
    private final String[] keys;
    private final int[] keyOf;

    LineCounter(Compiled[] probes) {
        this.probes = probes;
        this.keyOf = new int[probes.length];
        java.util.List<String> chosen = new java.util.ArrayList<>();
        java.util.List<java.util.Set<String>> grams = new java.util.ArrayList<>();
        for (Compiled p : probes) grams.add(commonGrams(p));
        java.util.Arrays.fill(keyOf, -1);
        while (true) {
            java.util.Map<String, Integer> votes = new java.util.TreeMap<>();
            for (int k = 0; k < probes.length; k++) {
                if (keyOf[k] >= 0) continue;
                for (String g : grams.get(k)) votes.merge(g, 1, Integer::sum);
            }
            String best = null;
            for (var e : votes.entrySet()) if (best == null || e.getValue() > votes.get(best)) best = e.getKey();
            if (best == null) break;
            for (int k = 0; k < probes.length; k++) if (keyOf[k] < 0 && grams.get(k).contains(best)) keyOf[k] = chosen.size();
            chosen.add(best);
        }
        this.keys = chosen.toArray(String[]::new);
        this.matchers = new Matcher[probes.length];
        for (int i = 0; i < probes.length; i++) {
            if (probes[i].pattern() != null) {
                matchers[i] = probes[i].pattern().matcher("");
                matchers[i].useTransparentBounds(true).useAnchoringBounds(false);
            }
        }
    }

    /** The 4-byte substrings every literal of probe p contains (empty: p has no required literal). */
    private static java.util.Set<String> commonGrams(Compiled p) {
        String[] lits = p.fixed() != null ? new String[] {p.fixed()} : p.simple() != null ? new String[] {p.simple()} : p.literals();
        java.util.Set<String> common = null;
        if (lits == null) return java.util.Set.of();
        for (String lit : lits) {
            java.util.Set<String> g = new java.util.HashSet<>();
            for (int i = 0; i + 4 <= lit.length(); i++) g.add(lit.substring(i, i + 4));
            if (common == null) common = g;
            else common.retainAll(g);
        }
        return common == null ? java.util.Set.of() : common;
    }

    int[] count(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        int[] counts = new int[probes.length];
        for (int k = 0; k < probes.length; k++) {
            try {
                counts[k] = count(k, text);
            } catch (StackOverflowError e) {
                // java.util.regex recurses once per repetition of a group: (a|b)* on a line of 100 KB overflows.
                // The matcher's state is local to this call, so the stack unwinds cleanly; name the probe.
                throw new memdesc.steps.InputException("probe '" + probes[k].name() + "': error: the regular expression"
                        + " repeats a group over a line too long for the matcher; write it without the repeated group");
            }
        }
        return counts;
    }

    /**
     * Counts twice: [0, n) every line as git grep does, [n, 2n) with C comments blanked out (code
     * only). The second pass runs only for probes with a hit in the first.
     */
    int[] countBoth(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        int n = probes.length;
        int[] counts = new int[2 * n];
        String code = null;
        byte[] present = new byte[keys.length]; // 0 unknown, 1 present, 2 absent
        for (int k = 0; k < n; k++) {
            int key = keyOf[k];
            if (key >= 0) {
                if (present[key] == 0) present[key] = (byte) (text.indexOf(keys[key]) >= 0 ? 1 : 2);
                if (present[key] == 2) continue;
            }
            counts[k] = count(k, text);
            if (counts[k] == 0) continue;
            if (code == null) code = Comments.blank(text);
            counts[n + k] = code == text ? counts[k] : count(k, code);
        }
        return counts;
    }

    /** The 1-based numbers of the lines of {@code text} that probe k matches (for --list). */
    java.util.List<Integer> matchingLines(int k, String text) {
        java.util.List<Integer> out = new java.util.ArrayList<>();
        int line = 1;
        for (int bol = 0; bol < text.length(); line++) {
            int eol = text.indexOf('\n', bol);
            int end = eol < 0 ? text.length() : eol;
            if (bol == end ? probes[k].matchesEmptyLine() : count(k, text.substring(bol, end)) > 0) out.add(line);
            if (eol < 0) break;
            bol = eol + 1;
        }
        return out;
    }

    private int count(int k, String text) {
        Compiled p = probes[k];
        int n = text.length();
        boolean endsWithNewline = n > 0 && text.charAt(n - 1) == '\n';
        int count = 0;
        boolean lastLineMatched = false;
        if (p.fixed() != null && p.fixed().isEmpty()) {
            return lines(text); // every line matches, the last one too
        } else if (p.fixed() != null) {
            String lit = p.fixed();
            int from = 0;
            while (from < n) {
                int hit = text.indexOf(lit, from);
                if (hit < 0) break;
                count++;
                int eol = text.indexOf('\n', hit);
                if (eol < 0) break;
                from = eol + 1;
            }
            return count; // a non-empty literal never matches the empty line after the final newline
        } else if (p.simple() != null) {
            // one literal between zero-width assertions: check them at each occurrence, no regex
            String lit = p.simple();
            int from = 0;
            while (from < n) {
                int hit = text.indexOf(lit, from);
                if (hit < 0) break;
                int bol = text.lastIndexOf('\n', hit - 1) + 1;
                int eol = text.indexOf('\n', hit);
                if (eol < 0) eol = n;
                for (int o = hit; o >= 0 && o < eol; o = text.indexOf(lit, o + 1)) {
                    if (holds(p.before(), text, o, bol, eol) && holds(p.after(), text, o + lit.length(), bol, eol)) {
                        count++;
                        if (eol == n - 1) lastLineMatched = true;
                        break;
                    }
                }
                from = eol + 1;
            }
        } else if (p.literals() != null) {
            Matcher m = matchers[k];
            m.reset(text);
            String[] lits = p.literals();
            int[] next = new int[lits.length];
            java.util.Arrays.fill(next, -2); // not searched yet
            int from = 0;
            while (from < n) {
                int cand = -1;
                for (int j = 0; j < lits.length; j++) {
                    if (next[j] == -1) continue;
                    if (next[j] < from) next[j] = text.indexOf(lits[j], from);
                    if (next[j] >= 0 && (cand < 0 || next[j] < cand)) cand = next[j];
                }
                if (cand < 0) break;
                int bol = text.lastIndexOf('\n', cand - 1) + 1;
                int eol = text.indexOf('\n', cand);
                if (eol < 0) eol = n;
                m.region(bol, eol);
                if (m.find()) {
                    count++;
                    if (eol == n - 1) lastLineMatched = true;
                }
                from = eol + 1;
            }
        } else {
            Matcher m = matchers[k];
            m.reset(text);
            int from = 0;
            while (from <= n && m.find(from)) {
                int s = m.start();
                if (s == n && (n == 0 || endsWithNewline)) break; // past the last line
                count++;
                int eol = text.indexOf('\n', s);
                if (eol < 0) break;
                if (eol == n - 1) lastLineMatched = true;
                from = eol + 1;
            }
        }
        if (endsWithNewline && !lastLineMatched && p.matchesEmptyLine()) count++;
        return count;
    }

    /** The zero-width assertions {@code kinds} at position p of the line [bol, eol), glibc C-locale words. */
    private static boolean holds(String kinds, String text, int p, int bol, int eol) {
        if (kinds.isEmpty()) return true;
        boolean prev = p > bol && word(text.charAt(p - 1));
        boolean next = p < eol && word(text.charAt(p));
        for (int i = 0; i < kinds.length(); i++) {
            boolean ok = switch (kinds.charAt(i)) {
                case 'b' -> prev != next;
                case 'B' -> prev == next;
                case '<' -> !prev && next;
                case '>' -> prev && !next;
                case '^' -> p == bol;
                case '$' -> p == eol;
                default -> throw new IllegalStateException("assertion " + kinds.charAt(i));
            };
            if (!ok) return false;
        }
        return true;
    }

    private static boolean word(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static int lines(String text) {
        int lines = 0;
        for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
        if (!text.isEmpty() && text.charAt(text.length() - 1) != '\n') lines++;
        return lines;
    }
}
