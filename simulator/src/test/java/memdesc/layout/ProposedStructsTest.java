package memdesc.layout;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The structs the memdesc Path proposes (seeds): 80-byte folio, 32/16/8-byte pages. */
class ProposedStructsTest {
    @TempDir Path dir;

    private static CHeader proposal(String which) throws Exception {
        return CHeader.parse("proposed.h", CHeader.bundledSource("proposed.h"), Abi.LP64, Map.of(which, ""));
    }

    @Test
    void folioIs80Bytes() throws Exception {
        StructLayout folio = proposal("PAGE32").struct("folio").orElseThrow();
        assertEquals(80, folio.size());
        assertEquals(64, folio.find("pfn").orElseThrow().offset(), "3 bytes free after order, then pfn in the second cacheline");
        assertEquals(61, folio.find("order").orElseThrow().offset() + 1);
    }

    @Test
    void page32PutsMemdescOnBuddyListNext() throws Exception {
        StructLayout page = proposal("PAGE32").struct("page").orElseThrow();
        assertEquals(32, page.size());
        assertEquals(page.find("buddy_list.next").orElseThrow().offset(), page.find("memdesc").orElseThrow().offset());
        assertEquals(16, page.find("_mapcount").orElseThrow().offset());
        assertEquals(24, page.find("_refcount").orElseThrow().offset());
    }

    @Test
    void olderPage32IsAlso32() throws Exception {
        StructLayout page = proposal("PAGE32_OLD").struct("page").orElseThrow();
        assertEquals(32, page.size());
        assertEquals(16, page.find("_refcount").orElseThrow().offset());
        assertEquals(24, page.find("private").orElseThrow().offset());
    }

    @Test
    void page16And8() throws Exception {
        StructLayout p16 = proposal("PAGE16").struct("page").orElseThrow();
        assertEquals(16, p16.size());
        assertEquals(p16.find("buddy_list.next").orElseThrow().offset(), p16.find("memdesc").orElseThrow().offset());
        assertEquals(8, proposal("PAGE8").struct("page").orElseThrow().size());
    }

    @Test
    void gccAgrees() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed: cross-check skipped");
        for (String which : List.of("PAGE32", "PAGE32_OLD", "PAGE16", "PAGE8")) {
            for (Abi abi : Abi.values()) {
                CHeader h = CHeader.parse("proposed.h", CHeader.bundledSource("proposed.h"), abi, Map.of(which, ""));
                String c = "#define " + which + "\n" + CHeader.preludeSource() + CHeader.bundledSource("proposed.h") + Gcc.asserts(h.structs(), false);
                Gcc.Result r = Gcc.syntaxOnly(dir, which + ".c", c, abi);
                assertEquals(0, r.exit(), which + " " + abi + ":\n" + r.output());
            }
        }
    }
}
