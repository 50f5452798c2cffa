package memdesc.git;

import memdesc.steps.InputException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates a POSIX extended regular expression, as {@code git grep -E} hands it to glibc's
 * {@code regcomp(REG_EXTENDED|REG_NEWLINE)}, into a {@link java.util.regex.Pattern}.
 *
 * <p>Semantics are those of glibc in the C locale, byte by byte: the pattern is taken as its UTF-8
 * bytes and blobs are read as ISO-8859-1, so one byte is one char on both sides. Only whether a line
 * matches is ever asked, so glibc's leftmost-longest versus Java's leftmost-first does not matter.
 * The Java pattern never matches a newline and uses look-arounds for anchors, so it gives per-line
 * answers both on one line and when searching a whole blob.
 *
 * <p>Translated: literals; {@code \c} for any other char c is c itself (glibc: {@code \n} is "n");
 * {@code .} (any byte but newline and NUL: glibc's RE_DOT_NOT_NULL), {@code [..] [^..]} with {@code [:class:]}, {@code [=c=]}, {@code [.c.]}, ranges, a leading
 * {@code ]}, backslash literal inside brackets; {@code ( | )} (a lone {@code )} is literal, as in
 * glibc); {@code * + ? {n} {n,} {,m} {n,m}} and stacked repetitions ({@code a+?} is {@code (a+)?},
 * never lazy); {@code ^ $}; GNU {@code \b \B \< \> \w \W \s \S}. Rejected, naming the probe:
 * back-references {@code \1..\9}, buffer anchors {@code \` \'}, and everything glibc itself rejects
 * (a repetition with nothing before it, {@code a{1}, unmatched {@code [ (}, bad class or range).
 */
final class Ere {
    /** Java's \\w without UNICODE_CHARACTER_CLASS is exactly glibc's C-locale word char [A-Za-z0-9_], and cheap. */
    private static final String WORD = "\\w";
    private static final int DUP_MAX = 0x7fff; // glibc RE_DUP_MAX
    /** Deepest nesting of ( ) accepted; probes are a few groups deep. */
    static final int MAX_DEPTH = 64;
    /** Longest pattern accepted, in bytes: a probe names a field or a call, not a grammar. */
    static final int MAX_LENGTH = 4096;

    /**
     * A translated probe: the Java pattern and the literals one of which every match contains. When
     * the whole pattern is one literal with zero-width assertions around it ({@code \bpage->mapping\b}),
     * {@code simple} is that literal and {@code before}/{@code after} the assertions (kinds
     * {@code b B < > ^ $}), so a line is checked without running the regex.
     */
    record Translation(Pattern pattern, List<String> literals, String simple, String before, String after) { }

    private sealed interface Node permits Lit, Chars, Zero, Group, Cat, Alt, Rep { }
    private record Lit(char c) implements Node { }
    /** One char of a class; the Java text already excludes the newline. */
    private record Chars(String java) implements Node { }
    /** Zero-width: anchors and word boundaries. */
    private record Zero(String java, char kind) implements Node { }
    private record Group(Node inner) implements Node { }
    private record Cat(List<Node> items) implements Node { }
    private record Alt(List<Node> options) implements Node { }
    private record Rep(Node atom, int min, int max) implements Node { }

    private final String probe;
    private final String src;
    private int pos;
    private int depth;

    private Ere(String probe, String regex) {
        this.probe = probe;
        this.src = regex;
    }

    /** The pattern as the C library sees it: its UTF-8 bytes, one char each. */
    static String bytes(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    static Translation translate(String probe, String regex) {
        Ere e = new Ere(probe, bytes(regex));
        if (e.src.length() > MAX_LENGTH) {
            throw new InputException("probe '" + probe + "': error: the regular expression is " + e.src.length()
                    + " bytes, longer than the limit of " + MAX_LENGTH);
        }
        for (int i = 0; i < e.src.length(); i++) {
            if (e.src.charAt(i) == '\n') throw e.error(i, "a newline in a pattern is not supported");
        }
        Node root = e.alternation();
        if (e.pos < e.src.length()) throw e.error(e.pos, "unexpected '" + e.src.charAt(e.pos) + "'");
        StringBuilder java = new StringBuilder();
        emit(root, java);
        Set<String> lits = required(root);
        List<String> literals = lits == null || lits.contains("") ? null : List.copyOf(lits);
        // the simple form: Zero* Lit+ Zero*
        List<Node> items = root instanceof Cat c ? c.items() : List.of(root);
        StringBuilder before = new StringBuilder();
        StringBuilder lit = new StringBuilder();
        StringBuilder after = new StringBuilder();
        boolean simple = true;
        for (Node item : items) {
            if (item instanceof Zero z && lit.isEmpty()) before.append(z.kind());
            else if (item instanceof Lit l && after.isEmpty()) lit.append(l.c());
            else if (item instanceof Zero z) after.append(z.kind());
            else simple = false;
        }
        if (lit.isEmpty()) simple = false;
        return new Translation(Pattern.compile(java.toString()), literals,
                simple ? lit.toString() : null, before.toString(), after.toString());
    }

    private InputException error(int at, String what) {
        return new InputException("probe '" + probe + "': error: " + what + " at column " + (at + 1)
                + " of the regular expression");
    }

    private Node alternation() {
        List<Node> options = new ArrayList<>();
        options.add(concatenation());
        while (pos < src.length() && src.charAt(pos) == '|') {
            pos++;
            options.add(concatenation());
        }
        return options.size() == 1 ? options.get(0) : new Alt(options);
    }

    private Node concatenation() {
        List<Node> items = new ArrayList<>();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '|' || (c == ')' && depth > 0)) break;
            items.add(repetition());
        }
        return items.size() == 1 ? items.get(0) : new Cat(items);
    }

    private Node repetition() {
        int start = pos;
        Node atom = atom();
        while (pos < src.length()) {
            char c = src.charAt(pos);
            int min;
            int max;
            if (c == '*') { min = 0; max = -1; pos++; }
            else if (c == '+') { min = 1; max = -1; pos++; }
            else if (c == '?') { min = 0; max = 1; pos++; }
            else if (c == '{') {
                int[] mm = interval();
                min = mm[0];
                max = mm[1];
            } else break;
            if (atom instanceof Zero) throw error(start, "a repetition of an anchor is not supported");
            atom = new Rep(atom, min, max);
        }
        return atom;
    }

    /** {@code {n}}, {@code {n,}}, {@code {,m}}, {@code {n,m}}; anything else is an error in glibc too. */
    private int[] interval() {
        int open = pos++;
        int min = number();
        int max = min;
        if (pos < src.length() && src.charAt(pos) == ',') {
            pos++;
            max = number();
            if (min < 0) min = 0;
        } else if (min < 0) {
            throw error(open, "invalid interval");
        }
        if (pos >= src.length() || src.charAt(pos) != '}') throw error(open, "unmatched {");
        pos++;
        if (max >= 0 && max < min) throw error(open, "invalid interval (maximum below minimum)");
        if (min > DUP_MAX || max > DUP_MAX) throw error(open, "interval larger than " + DUP_MAX);
        return new int[] {min, max};
    }

    private int number() {
        int start = pos;
        long v = 0;
        while (pos < src.length() && Character.isDigit(src.charAt(pos)) && src.charAt(pos) < 0x80) {
            v = Math.min(v * 10 + (src.charAt(pos) - '0'), Integer.MAX_VALUE);
            pos++;
        }
        return pos == start ? -1 : (int) v;
    }

    private Node atom() {
        int at = pos;
        char c = src.charAt(pos++);
        switch (c) {
            case '*', '+', '?', '{' -> throw error(at, "repetition '" + c + "' with nothing to repeat");
            case '.' -> { return new Chars("[^\\n\\x{0}]"); } // glibc: RE_DOT_NOT_NULL
            case '^' -> { return new Zero("(?<![^\\n])", '^'); }
            case '$' -> { return new Zero("(?![^\\n])", '$'); }
            case '[' -> { return bracket(at); }
            case '(' -> {
                // the translation and Java's own compiler recurse per group: a bound, not a stack overflow
                if (depth >= MAX_DEPTH) throw error(at, "groups nested more than " + MAX_DEPTH + " deep");
                depth++;
                Node inner = alternation();
                depth--;
                if (pos >= src.length() || src.charAt(pos) != ')') throw error(at, "unmatched (");
                pos++;
                return new Group(inner);
            }
            case '\\' -> { return escape(at); }
            default -> { return new Lit(c); }
        }
    }

    private Node escape(int at) {
        if (pos >= src.length()) throw error(at, "trailing backslash");
        char c = src.charAt(pos++);
        switch (c) {
            case 'b': return new Zero("(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))", 'b');
            case 'B': return new Zero("(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))", 'B');
            case '<': return new Zero("(?<!" + WORD + ")(?=" + WORD + ")", '<');
            case '>': return new Zero("(?<=" + WORD + ")(?!" + WORD + ")", '>');
            case 'w': return new Chars(WORD);
            case 'W': return new Chars("[^\\w\\n]");
            case 's': return new Chars("[ \\t\\x0B\\f\\r]");
            case 'S': return new Chars("[^ \\t\\n\\x0B\\f\\r]");
            case '`', '\'': throw error(at, "buffer anchor \\" + c + " is not supported");
            default:
                if (c >= '1' && c <= '9') throw error(at, "back-reference \\" + c + " is not supported");
                return new Lit(c);
        }
    }

    /** A POSIX bracket expression; backslash is an ordinary char inside it. */
    private Node bracket(int at) {
        StringBuilder items = new StringBuilder();
        boolean negate = pos < src.length() && src.charAt(pos) == '^';
        if (negate) pos++;
        boolean first = true;
        while (true) {
            if (pos >= src.length()) throw error(at, "unmatched [");
            char c = src.charAt(pos);
            if (c == ']' && !first) { pos++; break; }
            first = false;
            if (c == '[' && pos + 1 < src.length() && src.charAt(pos + 1) == ':') {
                int end = src.indexOf(":]", pos + 2);
                if (end < 0) throw error(at, "unmatched [");
                items.append(posixClass(src.substring(pos + 2, end), pos));
                pos = end + 2;
                continue;
            }
            int lo = element(at);
            if (pos + 1 < src.length() && src.charAt(pos) == '-' && src.charAt(pos + 1) != ']') {
                int dash = pos++;
                int hi = element(at);
                if (hi < lo) throw error(dash, "invalid range end");
                items.append(hex(lo)).append('-').append(hex(hi));
            } else {
                items.append(hex(lo));
            }
        }
        return new Chars(negate ? "[^" + items + "\\n]" : "[" + items + "&&[^\\n]]");
    }

    /** One char of a bracket: plain, {@code [.c.]} or {@code [=c=]} (single chars only, as in the C locale). */
    private int element(int at) {
        char c = src.charAt(pos);
        if (c == '[' && pos + 1 < src.length() && (src.charAt(pos + 1) == '.' || src.charAt(pos + 1) == '=')) {
            char kind = src.charAt(pos + 1);
            int end = src.indexOf(kind + "]", pos + 2);
            if (end < 0) throw error(at, "unmatched [");
            String name = src.substring(pos + 2, end);
            if (name.length() != 1) throw error(pos, "invalid collation character '" + name + "'");
            pos = end + 2;
            return name.charAt(0);
        }
        pos++;
        return c;
    }

    private String posixClass(String name, int at) {
        return switch (name) {
            case "alpha" -> "\\p{Alpha}";
            case "digit" -> "\\p{Digit}";
            case "alnum" -> "\\p{Alnum}";
            case "upper" -> "\\p{Upper}";
            case "lower" -> "\\p{Lower}";
            case "space" -> "\\p{Space}";
            case "blank" -> "\\p{Blank}";
            case "punct" -> "\\p{Punct}";
            case "print" -> "\\p{Print}";
            case "graph" -> "\\p{Graph}";
            case "cntrl" -> "\\p{Cntrl}";
            case "xdigit" -> "\\p{XDigit}";
            default -> throw error(at, "invalid character class name '" + name + "'");
        };
    }

    private static String hex(int c) {
        return String.format("\\x{%x}", c);
    }

    private static void emit(Node n, StringBuilder out) {
        if (n instanceof Lit l) {
            char c = l.c();
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_') out.append(c);
            else out.append(hex(c));
        } else if (n instanceof Chars ch) {
            out.append(ch.java());
        } else if (n instanceof Zero z) {
            out.append(z.java());
        } else if (n instanceof Group g) {
            out.append("(?:");
            emit(g.inner(), out);
            out.append(')');
        } else if (n instanceof Cat cat) {
            for (Node item : cat.items()) emit(item, out);
        } else if (n instanceof Alt alt) {
            out.append("(?:");
            for (int i = 0; i < alt.options().size(); i++) {
                if (i > 0) out.append('|');
                emit(alt.options().get(i), out);
            }
            out.append(')');
        } else if (n instanceof Rep r) {
            out.append("(?:");
            emit(r.atom(), out);
            out.append(')');
            if (r.min() == 0 && r.max() == -1) out.append('*');
            else if (r.min() == 1 && r.max() == -1) out.append('+');
            else if (r.min() == 0 && r.max() == 1) out.append('?');
            else if (r.max() == -1) out.append('{').append(r.min()).append(",}");
            else out.append('{').append(r.min()).append(',').append(r.max()).append('}');
        }
    }

    /**
     * Strings one of which every match contains, or null when there is no such set: the prefilter
     * that lets a blob skip the regex entirely when none of them occurs.
     */
    private static Set<String> required(Node n) {
        if (n instanceof Lit l) return Set.of(String.valueOf(l.c()));
        if (n instanceof Group g) return required(g.inner());
        if (n instanceof Rep r) return r.min() >= 1 ? required(r.atom()) : null;
        if (n instanceof Alt alt) {
            Set<String> all = new HashSet<>();
            for (Node o : alt.options()) {
                Set<String> s = required(o);
                if (s == null) return null;
                all.addAll(s);
            }
            return all;
        }
        if (n instanceof Cat cat) {
            Set<String> best = null;
            StringBuilder run = new StringBuilder();
            for (Node item : cat.items()) {
                if (item instanceof Lit l) {
                    run.append(l.c());
                    continue;
                }
                best = better(best, run.isEmpty() ? null : Set.of(run.toString()));
                run.setLength(0);
                best = better(best, required(item));
            }
            return better(best, run.isEmpty() ? null : Set.of(run.toString()));
        }
        return null; // Chars, Zero
    }

    /** Prefers the set whose shortest string is longest (fewer false candidates), then the smaller set. */
    private static Set<String> better(Set<String> a, Set<String> b) {
        if (a == null) return b;
        if (b == null) return a;
        int ma = a.stream().mapToInt(String::length).min().orElse(0);
        int mb = b.stream().mapToInt(String::length).min().orElse(0);
        if (ma != mb) return ma > mb ? a : b;
        return a.size() <= b.size() ? a : b;
    }
}
