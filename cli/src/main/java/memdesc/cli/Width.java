package memdesc.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The width text output fits, and text made to fit it: $COLUMNS when set (shells set it, a test sets
 * it), else 80, on a terminal or not: what goes into {@code less}, a file or an e-mail is read by a
 * person too, in a window or a mail reader that is 80 columns until told otherwise. Standard error
 * follows $COLUMNS or a terminal ({@link #errColumns}); a wrapped error keeps its {@code file:line:col}
 * at the start of its first line. Commands wrap prose and shorten table cells (titles end in an
 * ellipsis) to it; machine formats (JSON, CSV, TSV, Markdown, HTML, pahole, C) are never wrapped.
 */
final class Width {
    static final int DEFAULT = 80;
    private static final ThreadLocal<Integer> OVERRIDE = new ThreadLocal<>();

    private Width() {}

    /** No width: nothing is wrapped (standard error captured with no $COLUMNS). */
    static final int UNLIMITED = Integer.MAX_VALUE;

    /** The width of standard output: $COLUMNS, else 80. */
    static int columns() {
        Integer given = given();
        return given != null ? given : DEFAULT;
    }

    /**
     * The width of standard error, where errors and warnings go: $COLUMNS, else 80 on a terminal. Captured
     * (a log, CI, an editor's compile buffer, a script's $(...)) with no $COLUMNS, an error stays the one
     * line {@code file:line:col: error: ...} that grep and tools read whole ({@link #UNLIMITED}); text on
     * standard output is a document to read and is wrapped either way.
     */
    static int errColumns() {
        Integer given = given();
        return given != null ? given : terminal(2) ? DEFAULT : UNLIMITED;
    }

    private static Integer given() {
        Integer o = OVERRIDE.get();
        if (o != null) return o;
        String c = Main.getenv("COLUMNS");
        if (c != null && c.matches("\\d{1,4}")) {
            int n = Integer.parseInt(c);
            if (n >= 40) return n;
        }
        return null;
    }

    /**
     * Whether file descriptor {@code fd} (1 stdout, 2 stderr) is a terminal: on Linux what /proc says it
     * is, else System.console() (which needs stdin and stdout to be one, not stderr).
     */
    static boolean terminal(int fd) {
        try {
            String t = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/" + fd)).toString();
            return t.startsWith("/dev/pts/") || t.startsWith("/dev/tty") || t.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /** Runs {@code r} as if $COLUMNS were {@code columns} (tests: the environment cannot be set in-process). */
    static <T> T with(int columns, java.util.function.Supplier<T> r) {
        Integer before = OVERRIDE.get();
        OVERRIDE.set(columns);
        try {
            return r.get();
        } finally {
            if (before == null) OVERRIDE.remove();
            else OVERRIDE.set(before);
        }
    }

    /** {@code s} shortened to {@code max} characters, an ellipsis marking the cut. */
    static String fit(String s, int max) {
        if (s.length() <= max) return s;
        if (max <= 1) return s.substring(0, Math.max(0, max));
        return s.substring(0, max - 1) + "…";
    }

    /**
     * {@code text} wrapped at word boundaries to {@code width}, continuation lines indented by
     * {@code indent} spaces; the first line keeps what it starts with (a file:line:col location stays
     * on it). A word longer than a line is cut.
     */
    static List<String> wrap(String text, int width, int indent) {
        List<String> out = new ArrayList<>();
        String pad = " ".repeat(Math.min(indent, width / 2));
        String rest = text.stripTrailing();
        String prefix = "";
        while (prefix.length() + rest.length() > width) {
            int room = width - prefix.length();
            int leading = rest.length() - rest.stripLeading().length();
            int cut = rest.lastIndexOf(' ', room);
            if (cut <= leading) cut = -1; // no space to break at after the indent: cut the word
            String head = cut < 0 ? rest.substring(0, room) : rest.substring(0, cut);
            out.add(prefix + head.stripTrailing());
            rest = (cut < 0 ? rest.substring(room) : rest.substring(cut)).stripLeading();
            prefix = pad;
        }
        out.add(prefix + rest);
        return out;
    }

    /** Every line of {@code text} wrapped as {@link #wrap}, continuation indented past the line's own indent + extra. */
    static String wrapAll(String text, int width, int extra) {
        StringBuilder b = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            if (i == lines.length - 1 && l.isEmpty()) break;
            if (l.length() <= width) b.append(l);
            else {
                int ind = l.length() - l.stripLeading().length() + extra;
                b.append(String.join("\n", wrap(l, width, Math.min(ind, width / 2))));
            }
            b.append('\n');
        }
        return b.toString();
    }
}
