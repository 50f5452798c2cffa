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

    /** As in a terminal wide enough for any line: these tests read what is said, not how it is wrapped (EveryCommandTest). */
    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Width.with(1000, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));
        return new Run(code, out.toString(), err.toString());
    }

    /**
     * buddy-zone-relative switches buddy_pfn. Once the model refuses zone-relative PFNs before the buddy lists
     * are PFN links, the step has an effect of its own and needs buddy-pfn: never "needs nothing", which was a
     * guess. (The answer for a step the model cannot observe at all, "unknown: no effect before X", is no
     * longer reached by any step of the shipped roadmap, and no test reaches it now.)
     */
    @Test void aStepWithNoEffectYetIsNotSaidToNeedNothing() {
        Run r = run("deps", "buddy-zone-relative", "--roadmap", "../roadmap.yaml", "--machine", "64MiB");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  needs (inferred, minimal): ") && l.endsWith(", buddy-pfn")), r.out());
        assertTrue(r.out().contains("  declared but not needed: (none)\n"), r.out());
        assertFalse(r.out().contains("needs (inferred, minimal): (none)"), r.out());
    }
}
