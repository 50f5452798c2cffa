package memdesc.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code memdesc deps} on the shipped roadmap. */
class DepsCommandTest {
    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * buddy-zone-relative switches buddy_pfn, which the model reads only once the buddy lists are PFN links
     * (buddy-pfn): on the baseline it changes nothing, so "needs nothing" (and buddy-pfn "not needed") was a guess.
     */
    @Test void aStepWithNoEffectYetIsNotSaidToNeedNothing() {
        Run r = run("deps", "buddy-zone-relative", "--roadmap", "../roadmap.yaml", "--machine", "64MiB");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("  needs (inferred, minimal): unknown: no effect before buddy-pfn "), r.out());
        assertTrue(r.out().contains("  declared but not needed: (none)\n"), r.out());
        assertFalse(r.out().contains("needs (inferred, minimal): (none)"), r.out());
    }
}
