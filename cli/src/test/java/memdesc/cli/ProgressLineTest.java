package memdesc.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The shared status line and the width helpers. */
class ProgressLineTest {
    @Test void onATerminalTheLineIsDrawnErasedAroundRowsAndGoneAtTheEnd() {
        StringWriter err = new StringWriter(), out = new StringWriter();
        try (ProgressLine p = new ProgressLine(new PrintWriter(err), true, 40)) {
            p.show("[0/3] verifying baseline, lru-uses and a very long state name");
            p.println(new PrintWriter(out), "row 0");
        }
        assertEquals("row 0\n", out.toString());
        String e = err.toString();
        assertTrue(e.startsWith("\r[0/3] verifying baseline, lru-uses and…"), e); // cut to the width, less one
        assertTrue(e.endsWith("\r"), "erased at the end: " + e);
        for (String drawn : e.split("\r")) assertTrue(drawn.length() <= 39, drawn);
    }

    @Test void notOnATerminalNothingIsWritten() {
        StringWriter err = new StringWriter(), out = new StringWriter();
        try (ProgressLine p = new ProgressLine(new PrintWriter(err), false, 80)) {
            p.show("working");
            p.println(new PrintWriter(out), "row");
        }
        assertEquals("", err.toString());
        assertEquals("row\n", out.toString());
    }

    @Test void wrapKeepsTheLocationOnTheFirstLineAndTheSpacingInside() {
        List<String> l = Width.wrap("roadmap.yaml:801:5: scenario boot: user buddy: pfn 128: block on the order-7 list reads as order -2", 40, 2);
        assertEquals("roadmap.yaml:801:5: scenario boot: user", l.get(0));
        for (String s : l) assertTrue(s.length() <= 40, s);
        assertEquals(List.of("  a    b", "  c"), Width.wrap("  a    b c", 8, 2));
    }
}
