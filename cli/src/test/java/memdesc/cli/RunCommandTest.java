package memdesc.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code memdesc run} on the repository's roadmap: figures per scenario, exit status, bad input. */
class RunCommandTest {
    private static String[] run(int expect, String... args) {
        StringWriter o = new StringWriter(), e = new StringWriter();
        int rc = Main.run(args, new PrintWriter(o), new PrintWriter(e));
        assertEquals(expect, rc, o + "\n" + e);
        return new String[] {o.toString(), e.toString()};
    }

    @Test void runsScenariosOnAStateAndComparesWithTheBaseline() {
        String out = run(0, "run", "shrink-16", "../roadmap.yaml", "--machine", "64MiB", "--scenario", "pagecache",
                "--scenario", "zsmalloc", "--compare")[0];
        assertTrue(out.contains("state 18 shrink-16, machine 64MiB (16384 frames), seed 1"), out);
        assertTrue(out.matches("(?s).*\\npagecache\\s+pass\\s+\\d+\\s+[\\d.]+\\s+262144\\s+\\d+\\n.*"), out);
        assertTrue(out.contains("traces equal the baseline's"), out);
    }

    @Test void badMachineSizeAndUnknownScenarioAreBadInput() {
        String err = run(2, "run", "baseline", "../roadmap.yaml", "--machine", "10MiB")[1];
        assertTrue(err.contains("at least 64MiB"), err);
        err = run(2, "run", "baseline", "../roadmap.yaml", "--machine", "64MiB", "--scenario", "pagecahce")[1];
        assertTrue(err.contains("no scenario 'pagecahce' (did you mean 'pagecache'?)"), err);
    }
}
