package memdesc.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * Text output made to fit the terminal: every line longer than the width is wrapped at spaces, the
 * continuation indented under the line's own indent plus two, so a table row or a diagnostic stays
 * readable in 80 columns and a location that starts a line stays on it. Used for the text formats
 * only; JSON, CSV, Markdown, HTML and C go out as they are.
 */
final class FitWriter extends PrintWriter {
    private final PrintWriter target;
    private final int width;
    private final StringBuilder line = new StringBuilder();

    /** Tests: told each line a FitWriter made on this thread had to wrap (a table row should never need it). */
    static final ThreadLocal<java.util.function.Consumer<String>> WRAPPED = new ThreadLocal<>();
    private final java.util.function.Consumer<String> wrapped = WRAPPED.get();

    FitWriter(PrintWriter target, int width) {
        super(Writer.nullWriter());
        this.target = target;
        this.width = width;
    }

    // PrintWriter.println() writes its line separator to the underlying writer directly, not through write()
    @Override public void println() {
        write('\n');
    }

    @Override public void write(int c) {
        synchronized (line) {
            if (c == '\n') emit();
            else line.append((char) c);
        }
    }

    @Override public void write(char[] buf, int off, int len) {
        write(new String(buf, off, len), 0, len);
    }

    @Override public void write(String s, int off, int len) {
        synchronized (line) {
            for (int i = off; i < off + len; i++) {
                char c = s.charAt(i);
                if (c == '\n') emit();
                else line.append(c);
            }
        }
    }

    private void emit() {
        String l = line.toString();
        line.setLength(0);
        if (l.length() <= width) target.println(l);
        else {
            if (wrapped != null) wrapped.accept(l);
            int indent = Math.min(l.length() - l.stripLeading().length() + 2, width / 2);
            for (String part : Width.wrap(l, width, indent)) target.println(part);
        }
    }

    /** Flushes what is complete; a partial line waits for its end (or close). */
    @Override public void flush() {
        target.flush();
    }

    @Override public void close() {
        synchronized (line) {
            if (line.length() > 0) {
                String rest = line.toString();
                line.setLength(0);
                target.print(rest);
            }
        }
        target.flush();
    }

    /** The writer underneath (the progress line writes there directly). */
    PrintWriter raw() {
        return target;
    }

    /**
     * Where a machine format goes: {@code out} itself unless it is a FitWriter, else the writer underneath
     * (after whatever partial line it holds), so JSON, pahole and C text go out byte for byte whatever
     * the command line looked like.
     */
    static PrintWriter unwrapped(PrintWriter out) {
        if (!(out instanceof FitWriter f)) return out;
        synchronized (f.line) {
            if (f.line.length() > 0) {
                f.target.print(f.line);
                f.line.setLength(0);
            }
        }
        return f.target;
    }

    /** Whether these arguments ask for a machine-readable format, which must not be wrapped. */
    static boolean machineFormat(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = a.startsWith("--format=") ? a.substring(9) : a.equals("--format") && i + 1 < args.length ? args[i + 1] : null;
            if (v != null && !v.equals("text")) return true;
            if (a.equals("completion") || a.equals("gen-manpage")) return true;
        }
        return false;
    }
}
