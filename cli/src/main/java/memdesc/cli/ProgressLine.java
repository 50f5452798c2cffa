package memdesc.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One live status line on stderr for a command that can run for seconds: what it is doing and for how
 * long, redrawn in place ({@code \r}) and erased before anything else is printed and at the end. Only on
 * a terminal: when stderr is piped or captured nothing at all is written, so output stays byte-stable.
 * Every long-running command uses it the same way:
 * <pre>
 *   try (ProgressLine p = ProgressLine.on(err)) {
 *       p.show("verifying 22 states");
 *       ... p.println(out, row) ...   // a result line: the status line is erased, the line printed, the status redrawn
 *   }
 * </pre>
 */
final class ProgressLine implements AutoCloseable {
    private final PrintWriter err;
    private final boolean live;
    private final int width;
    private final long t0 = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private String what = "";
    private int drawn;

    ProgressLine(PrintWriter err, boolean live, int width) {
        this.err = err;
        this.live = live;
        this.width = Math.max(20, width);
        if (live) {
            // the elapsed time ticks on, so a long step still shows the command is alive
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "memdesc-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    /** A status line on {@code err} if the process runs on a terminal, else one that writes nothing. */
    static ProgressLine on(PrintWriter err) {
        if (err instanceof FitWriter f) err = f.raw(); // \r redraws in place: not through the line wrapper
        return new ProgressLine(err, Width.terminal(2) && !"dumb".equals(Main.getenv("TERM")), Width.columns());
    }

    boolean live() {
        return live;
    }

    /** Sets what the command is doing now and redraws. */
    synchronized void show(String what) {
        this.what = what;
        draw();
    }

    /** Prints a result line to {@code out} with the status line out of its way. */
    synchronized void println(PrintWriter out, String line) {
        erase();
        out.println(line);
        out.flush();
        draw();
    }

    private synchronized void tick() {
        if (drawn > 0 || !what.isEmpty()) draw();
    }

    private void draw() {
        if (!live) return;
        long s = (System.nanoTime() - t0) / 1_000_000_000L;
        String tail = s < 2 ? "" : String.format(Locale.ROOT, " (%d s)", s);
        String text = Width.fit(what, width - 1 - tail.length()) + tail;
        err.print("\r" + text + " ".repeat(Math.max(0, drawn - text.length())));
        err.flush();
        drawn = text.length();
    }

    private void erase() {
        if (!live || drawn == 0) return;
        err.print("\r" + " ".repeat(drawn) + "\r");
        err.flush();
        drawn = 0;
    }

    /** Erases the line (before a row goes to stdout, and at the end). */
    synchronized void clear() {
        erase();
    }

    @Override public synchronized void close() {
        if (ticker != null) ticker.shutdownNow();
        what = "";
        erase();
    }
}
