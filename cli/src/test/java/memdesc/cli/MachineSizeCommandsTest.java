package memdesc.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command that takes --machine refuses a size the model cannot run before it verifies anything:
 * exit 2, one line, nothing on stdout (issue 21 item 6, issue 18's OutOfMemoryError at 1TiB).
 */
class MachineSizeCommandsTest {
    static final String ROADMAP = "../roadmap.yaml";

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    static String[][] commands() {
        return new String[][] {
                {"check", ROADMAP}, {"bisect", ROADMAP}, {"deps", "--all", ROADMAP}, {"diff", ROADMAP, ROADMAP},
                {"report", ROADMAP}, {"independence", ROADMAP}, {"run", "baseline", ROADMAP}};
    }

    @Test void everyCommandRefusesASizeTheModelCannotRunUpFront() {
        for (String[] c : commands()) {
            for (String size : new String[] {"1MiB", "5MiB", "66MiB", "1PiB", "8TiB"}) {
                String[] args = java.util.Arrays.copyOf(c, c.length + 2);
                args[c.length] = "--machine";
                args[c.length + 1] = size;
                long t0 = System.nanoTime();
                Run r = run(args);
                String what = String.join(" ", args) + ": " + r;
                assertEquals(2, r.code(), what);
                assertEquals("", r.out(), what);
                assertEquals(1, r.err().lines().count(), what);
                assertTrue(r.err().startsWith("memdesc: --machine " + size + ": "), what);
                if (size.endsWith("PiB") || size.endsWith("TiB"))
                    assertTrue(r.err().contains("too large") && r.err().contains("at most"), what);
                else
                    assertTrue(r.err().contains("at least 64MiB and a multiple of 4MiB"), what);
                // refused before any state is verified: far below the time one state takes
                assertTrue(System.nanoTime() - t0 < 5_000_000_000L, what);
            }
        }
    }

    @Test void runAndCheckTakeWhereMemoryLiesAndTheOthersSayTheyTakeASize() {
        for (String[] c : commands()) {
            boolean ranges = c[0].equals("run") || c[0].equals("check");
            for (String spec : new String[] {"2GiB@0,100MiB@2TiB", "1TiB@0,1TiB@4TiB,1PiB@8TiB", "1TiB@4TiB,1TiB@8TiB"}) {
                String[] args = java.util.Arrays.copyOf(c, c.length + 2);
                args[c.length] = "--machine";
                args[c.length + 1] = spec;
                Run r = run(args);
                String what = String.join(" ", args) + ": " + r;
                assertEquals(2, r.code(), what);
                assertEquals("", r.out(), what);
                assertEquals(1, r.err().lines().count(), what);
                assertTrue(r.err().startsWith("memdesc: --machine " + spec + ": "), what);
                if (!ranges) assertTrue(r.err().contains("is for run and check; this command takes a size"), what);
                else if (spec.startsWith("2GiB")) assertTrue(r.err().contains("'100MiB@2TiB': the size must be a positive multiple of 128MiB"), what);
                else if (spec.contains("PiB")) assertTrue(r.err().contains("'1PiB@8TiB': ends beyond the 64TiB"), what);
                else assertTrue(r.err().contains("too large") && r.err().contains("at most"), what);
            }
        }
    }
}
