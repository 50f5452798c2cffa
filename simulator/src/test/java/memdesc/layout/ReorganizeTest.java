package memdesc.layout;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** reorganize: a member order with fewer holes, whose layout gcc confirms. */
class ReorganizeTest {
    @TempDir Path dir;

    private static final String HOLEY = """
        struct holey {
        	char a;
        	long b;
        	char c;
        	int d;
        	short e;
        	unsigned f:3, g:5;
        	void *h;
        };
        """;

    @Test
    void reorderingRemovesHolesAndGccAgrees() throws Exception {
        CHeader h = CHeader.parse("holey.h", HOLEY, Abi.LP64, Map.of());
        StructLayout s = h.struct("holey").orElseThrow();
        assertEquals(40, s.size());
        StructLayout r = LayoutFormat.reorganize(h, s);
        assertEquals(32, r.size(), LayoutFormat.pahole(r));
        assertEquals(s.members().size(), r.members().size());
        String text = LayoutFormat.reorganizeText(h, s);
        assertTrue(text.contains("/* saved 8 bytes! */"), text);
        // declare the suggested order as C and let gcc and the engine lay it out again
        StringBuilder c = new StringBuilder("struct holey2 {\n");
        for (Member m : r.members()) {
            String[] d = Types.declare(m.type(), m.name());
            c.append('\t').append(d[0]).append(' ').append(d[1]).append(m.bitfield() ? ":" + m.bitWidth() : "").append(";\n");
        }
        c.append("};\n");
        StructLayout again = CHeader.parse("holey2.h", c.toString(), Abi.LP64, Map.of()).struct("holey2").orElseThrow();
        assertEquals(r.size(), again.size());
        for (Member m : r.members()) assertEquals(m.offset(), again.find(m.name()).orElseThrow().offset(), m.name());
        if (Gcc.available("gcc")) {
            String src = c + "_Static_assert(sizeof(struct holey2) == " + r.size() + ", \"size\");\n";
            assertEquals(0, Gcc.syntaxOnly(dir, "holey2.c", src, Abi.LP64).exit());
        } else {
            Assumptions.abort("gcc not installed: reorganized layout not compiled");
        }
    }

    @Test
    void aTightStructIsLeftAlone() {
        StructLayout s = CHeader.parse("t.h", "struct t { long a; int b; int c; };", Abi.LP64, Map.of()).struct("t").orElseThrow();
        assertSame(s, LayoutFormat.reorganize(null, s));
        assertTrue(LayoutFormat.reorganizeText(null, s).contains("nothing to save"));
    }
}
