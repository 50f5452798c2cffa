package memdesc.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Number and text formatting shared by the formats: one place decides how a figure reads. */
final class Fmt {
    private Fmt() {}

    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

    /** Binary units, three significant digits: 256 MiB, 16.0 GiB, 1.56 GiB. */
    static String bytes(long b) {
        if (b < 1024) return b + " B";
        double v = b;
        int u = 0;
        while (v >= 1024 && u < UNITS.length - 1) {
            v /= 1024;
            u++;
        }
        String num = v >= 100 ? String.format(Locale.ROOT, "%.0f", v)
                : v >= 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.2f", v);
        return num + " " + UNITS[u];
    }

    static String pct(double p) {
        return String.format(Locale.ROOT, p < 0.1 && p > 0 ? "%.3f%%" : "%.2f%%", p);
    }

    static String tick(double t) {
        if (t == Math.rint(t)) return Long.toString((long) t);
        return String.format(Locale.ROOT, "%.2f", t).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    static String status(String s) {
        return s.replace('-', ' ');
    }

    /** At most {@code w} code points; a clipped string ends in '~' so the reader sees it was cut. */
    static String clip(String s, int w) {
        if (s == null) return "";
        if (s.codePointCount(0, s.length()) <= w) return s;
        return s.substring(0, s.offsetByCodePoints(0, w - 1)) + "~";
    }

    static int len(String s) {
        return s.codePointCount(0, s.length());
    }

    /** Left-aligned in {@code w} columns (clipped when longer). */
    static String pad(String s, int w) {
        String c = clip(s, w);
        return c + " ".repeat(w - len(c));
    }

    /** Right-aligned in {@code w} columns. */
    static String rpad(String s, int w) {
        String c = clip(s, w);
        return " ".repeat(w - len(c)) + c;
    }

    /** Flattens control characters (a newline in a title must not break a table row). */
    static String oneLine(String s) {
        if (s == null) return "";
        StringBuilder o = new StringBuilder(s.length());
        s.codePoints().forEach(c -> o.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
        return o.toString().strip();
    }

    /** Word-wraps to {@code w} columns; a word longer than a line is split. Never returns an empty list. */
    static List<String> wrap(String s, int w) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : oneLine(s).split(" +")) {
            while (len(word) > w) {
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                int cut = word.offsetByCodePoints(0, w);
                out.add(word.substring(0, cut));
                word = word.substring(cut);
            }
            if (word.isEmpty()) continue;
            if (line.length() > 0 && len(line.toString()) + 1 + len(word) > w) {
                out.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) line.append(' ');
            line.append(word);
        }
        if (line.length() > 0 || out.isEmpty()) out.add(line.toString());
        return out;
    }
}
