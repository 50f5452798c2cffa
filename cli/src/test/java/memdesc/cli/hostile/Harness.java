package memdesc.cli.hostile;

import memdesc.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Runs one command line in-process as the launcher would (a thread with the JVM's default 1 MiB stack, not
 * the 8 MiB surefire gives tests) and judges it: exit 0/1/2 only, no stack trace or internal error, one error
 * line (file:line:col where the input has positions), a bounded time and bounded allocation.
 */
final class Harness {
    /** A run past this is a hang (the issue's bar is 60 s; no case here needs a tenth of it). */
    static final long HANG_MS = 20_000;
    /** Bytes one case may allocate: the macro budget and the read limits keep every case far below. */
    static final long MAX_ALLOCATED = 1L << 30;

    /** CPU time the cases' threads used, summed per family (the calling thread's: families run two at a time). */
    static final ThreadLocal<java.util.concurrent.atomic.AtomicLong> CPU = ThreadLocal.withInitial(java.util.concurrent.atomic.AtomicLong::new);
    /** Exit statuses seen by this thread's cases, for the figures and the reach checks. */
    static final ThreadLocal<java.util.Map<Integer, Integer>> STATUSES = ThreadLocal.withInitial(java.util.TreeMap::new);

    record Result(int status, String out, String err, long millis, long allocated) { }

    static Result run(Path cwd, List<String> args) {
        String[] a = args.toArray(String[]::new);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int[] status = {-1};
        long[] allocated = {0};
        Throwable[] escaped = {null};
        java.util.concurrent.atomic.AtomicLong cpuSum = CPU.get();
        Thread t = new Thread(null, () -> {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long before = mx.getCurrentThreadAllocatedBytes();
            long cpu0 = mx.getCurrentThreadCpuTime();
            try {
                status[0] = Main.run(a, new PrintWriter(out), new PrintWriter(err), cwd);
            } catch (Throwable e) {
                escaped[0] = e;
            }
            allocated[0] = mx.getCurrentThreadAllocatedBytes() - before;
            long used = mx.getCurrentThreadCpuTime() - cpu0;
            cpuSum.addAndGet(used);
        }, "hostile", 1 << 20);
        long t0 = System.nanoTime();
        t.start();
        try {
            t.join(HANG_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (t.isAlive()) {
            t.interrupt();
            return new Result(-2, out.toString(), "still running after " + ms + " ms", ms, allocated[0]);
        }
        STATUSES.get().merge(status[0], 1, Integer::sum);
        if (escaped[0] != null) return new Result(-3, out.toString(), "escaped Main.run: " + escaped[0], ms, allocated[0]);
        return new Result(status[0], out.toString(), err.toString(), ms, allocated[0]);
    }

    private static final Pattern TRACE = Pattern.compile("(?m)^\\s+at [\\w$.]+\\(|internal error|Exception|StackOverflow|OutOfMemory");

    /**
     * Why {@code r} is a defect, or null. {@code located}: the file name every error line must start with as
     * {@code name:line:col: error: } (null: one error line is enough).
     */
    static String judge(Result r, String located) {
        if (r.status() == -2) return "hang: " + r.err();
        if (r.status() == -3) return r.err();
        if (r.status() < 0 || r.status() > 2) return "exit " + r.status() + ": " + firstLines(r.err());
        if (TRACE.matcher(r.err()).find() || TRACE.matcher(r.out()).find()) return "stack trace or internal error: " + firstLines(r.err());
        if (r.allocated() > MAX_ALLOCATED) return "allocated " + r.allocated() + " bytes";
        if (r.status() == 2) {
            // picocli's usage hint follows its one error line
            List<String> errors = r.err().lines().filter(l -> !l.contains(": warning: ") && !l.startsWith("Try 'memdesc ")).toList();
            if (errors.size() != 1) return "exit 2 with " + errors.size() + " error lines: " + firstLines(r.err());
            String e = errors.get(0);
            if (e.isBlank()) return "exit 2 with an empty error line";
            if (located != null && !e.startsWith(located + ":")) return "error does not name " + located + ": " + e;
            if (located != null && !Pattern.compile("^" + Pattern.quote(located) + ":\\d+:\\d+: error: \\S").matcher(e).find()
                    && !UNLOCATED_OK.matcher(e).find()) {
                return "error without line:col: " + e;
            }
        }
        for (String l : r.err().lines().filter(l -> l.contains(": warning: ")).toList()) {
            if (located != null && !Pattern.compile("^" + Pattern.quote(located) + ":\\d+:\\d+: warning: \\S").matcher(l).find())
                return "warning without file:line:col: " + l;
        }
        return null;
    }

    /** Errors about a file as a whole, which have no position in it. */
    private static final Pattern UNLOCATED_OK = Pattern.compile(": error: (more than \\d+ bytes|no such file|is a directory|file is \\d+ bytes)");

    private static String firstLines(String s) {
        return s.lines().limit(3).reduce((x, y) -> x + " | " + y).orElse("");
    }
}
