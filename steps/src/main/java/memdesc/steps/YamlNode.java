package memdesc.steps;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The roadmap's YAML as a small tree that keeps the exact position of every key and value, so that the
 * binder can point at the offending token (a data-binding layer would lose them or point past the key).
 */
sealed interface YamlNode {
    Loc loc();

    /** How an error message names this kind of node: "a mapping", "a list", "the text 'x'". */
    String what();

    /** Canonical text: keys sorted, scalars as text; positions, comments and formatting left out. */
    void canonical(StringBuilder b);

    /** A key of a mapping, with its position. */
    record Key(String text, Loc loc) {}

    record Entry(Key key, YamlNode value) {}

    record Mapping(Loc loc, Map<String, Entry> entries) implements YamlNode {
        public Mapping {
            entries = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override public String what() {
            return "a mapping";
        }

        YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        @Override public void canonical(StringBuilder b) {
            b.append('{');
            for (Entry e : new TreeMap<>(entries).values()) {
                quote(b, e.key().text());
                b.append(':');
                e.value().canonical(b);
                b.append(',');
            }
            b.append('}');
        }
    }

    record Sequence(Loc loc, List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override public String what() {
            return "a list";
        }

        @Override public void canonical(StringBuilder b) {
            b.append('[');
            for (YamlNode n : items) {
                n.canonical(b);
                b.append(',');
            }
            b.append(']');
        }
    }

    /**
     * A scalar. {@code text} is null for a YAML null ({@code ~}, {@code null} or nothing). {@code plain} is
     * false for quoted and block scalars (they are always text, never numbers or booleans).
     * {@code contentLoc} is where the scalar's text itself starts: for a block scalar ({@code |}) the first
     * line after the indicator at the block's indentation, for a quoted one the character after the quote.
     * {@code style} is the first character of the scalar as written: '|', '>', '"', '\'' or 'p' (plain).
     */
    record Scalar(Loc loc, String text, boolean plain, char style, Loc contentLoc) implements YamlNode {
        boolean isNull() {
            return text == null;
        }

        @Override public String what() {
            if (text == null) return "empty";
            if (plain && (text.equals("true") || text.equals("false"))) return text;
            String t = text.length() > 40 ? text.substring(0, 37) + "..." : text;
            int nl = t.indexOf('\n');
            if (nl >= 0) t = t.substring(0, nl) + "...";
            return "'" + t + "'";
        }

        @Override public void canonical(StringBuilder b) {
            if (text == null) b.append('~');
            else quote(b, text);
        }
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c == '\n') b.append("\\n");
            else b.append(c);
        }
        b.append('"');
    }
}
