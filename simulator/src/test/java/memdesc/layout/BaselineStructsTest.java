package memdesc.layout;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * struct page, folio, slab and ptdesc as the built-in roadmap's baseline states v6.12 (with the #ifdefs
 * and _struct_page_alignment), laid out for the baseline's x86_64 config and for other configs the
 * #ifdefs name. Overlay offsets are asserted here and, by gcc, on both ABIs. The full table of offsets
 * is {@link BaselineFactsTest}. (v6.15 moved the hugetlb fields to a fourth page, making folio 256
 * bytes; this is v6.12.)
 */
class BaselineStructsTest {
    @TempDir Path dir;

    private static long off(StructLayout s, String path) {
        return s.find(path).orElseThrow(() -> new AssertionError("no " + path + " in " + s.name())).offset();
    }

    @Test
    void pageFolioSlabSizes() {
        CHeader h = Baseline.header(Abi.LP64, Baseline.X86_64_CONFIG);
        StructLayout page = h.struct("page").orElseThrow();
        assertEquals(64, page.size());
        assertEquals(16, page.align(), "_struct_page_alignment with HAVE_ALIGNED_STRUCT_PAGE");
        assertEquals(192, h.struct("folio").orElseThrow().size());
        StructLayout slab = h.struct("slab").orElseThrow();
        assertEquals(64, slab.size());
        assertEquals(16, slab.align(), "freelist_aba_t holds a u128");
        assertEquals(64, h.struct("ptdesc").orElseThrow().size());
    }

    @Test
    void withoutAlignedStructPageThePageIsWordAligned() {
        CHeader h = Baseline.header(Abi.LP64, Map.of("CONFIG_MEMCG", "1", "CONFIG_SLAB_OBJ_EXT", "1"));
        assertEquals(8, h.struct("page").orElseThrow().align());
        assertEquals(64, h.struct("page").orElseThrow().size());
        // without SLUB_CPU_PARTIAL and the double-word freelist the slab is still one page's worth
        assertEquals(64, h.struct("slab").orElseThrow().size());
        assertEquals(8, h.struct("slab").orElseThrow().align());
    }

    /** The members v6.12 has only under a config symbol appear with it, after the words they follow. */
    @Test
    void configOnlyMembersOfPageAndFolio() {
        Map<String, String> cfg = new java.util.HashMap<>(Baseline.X86_64_CONFIG);
        cfg.put("CONFIG_KMSAN", "1");
        StructLayout page = Baseline.header(Abi.LP64, cfg).struct("page").orElseThrow();
        assertEquals(64, off(page, "kmsan_shadow"));
        assertEquals(72, off(page, "kmsan_origin"));
        assertEquals(80, page.size(), "KMSAN's two pointers, rounded to the 16-byte alignment");

        cfg.remove("CONFIG_KMSAN");
        cfg.put("WANT_PAGE_VIRTUAL", "1");
        cfg.put("LAST_CPUPID_NOT_IN_PAGE_FLAGS", "1");
        CHeader h = Baseline.header(Abi.LP64, cfg);
        page = h.struct("page").orElseThrow();
        StructLayout folio = h.struct("folio").orElseThrow();
        assertEquals(64, off(page, "virtual"));
        assertEquals(72, off(page, "_last_cpupid"));
        assertEquals(80, page.size());
        assertEquals(off(page, "virtual"), off(folio, "virtual"));
        assertEquals(off(page, "_last_cpupid"), off(folio, "_last_cpupid"));
        assertEquals(3 * 80, folio.size(), "still three pages");

        cfg = new java.util.HashMap<>(Baseline.X86_64_CONFIG);
        cfg.remove("CONFIG_MEMCG");
        page = Baseline.header(Abi.LP64, cfg).struct("page").orElseThrow();
        assertEquals(56, off(page, "_unused_slab_obj_exts"), "without memcg the word stays for slab's obj_exts");
        assertTrue(page.find("memcg_data").isEmpty());
    }

    @Test
    void folioOverlaysTheHeadPageAndItsTails() {
        CHeader h = Baseline.header(Abi.LP64, Baseline.X86_64_CONFIG);
        StructLayout page = h.struct("page").orElseThrow();
        StructLayout folio = h.struct("folio").orElseThrow();
        for (String f : List.of("flags", "lru", "mapping", "index", "private", "_mapcount", "_refcount", "memcg_data")) {
            assertEquals(off(page, f), off(folio, f), "folio." + f + " overlays page." + f);
        }
        assertEquals(off(page, "compound_head"), off(folio, "lru"));
        assertEquals(off(page, "lru.next"), off(folio, "lru.next"));
        assertEquals(off(page, "flags") + 64, off(folio, "_flags_1"));
        assertEquals(off(page, "compound_head") + 64, off(folio, "_head_1"));
        assertEquals(off(page, "compound_head") + 128, off(folio, "_head_2a"));
        assertEquals(144, off(folio, "_deferred_list"));
        assertEquals(80, off(folio, "_large_mapcount"), "page 1 counters start after flags and head");
        StructLayout slab = h.struct("slab").orElseThrow();
        assertEquals(off(page, "_refcount"), off(slab, "__page_refcount"));
        assertEquals(off(page, "memcg_data"), off(slab, "obj_exts"));
        MemberRef frozen = slab.find("frozen").orElseThrow();
        assertEquals(40, frozen.offset(), "counters is the word after freelist");
        assertEquals(31, frozen.bitOffset());
        assertEquals(0, off(slab, "freelist") % 16, "freelist double-word aligned for cmpxchg128");
        assertEquals(off(slab, "freelist"), off(slab, "freelist_counter"));
        StructLayout pt = h.struct("ptdesc").orElseThrow();
        assertEquals(off(page, "index"), off(pt, "pt_index"));
        assertEquals(off(page, "page_type"), off(pt, "__page_type"));
        assertEquals(off(page, "memcg_data"), off(pt, "pt_memcg_data"));
    }

    /** An overlay assertion of our own, on a folio with a word inserted, fails at its line. */
    @Test
    void aBrokenOverlayFailsAnOffsetAssertion() {
        List<Map.Entry<String, String>> src = new ArrayList<>(Baseline.sources());
        int at = -1;
        for (int i = 0; i < src.size(); i++) if (src.get(i).getKey().equals("folio")) at = i;
        String folio = src.get(at).getValue();
        String broken = folio.replaceFirst("(?m)^(\\s*)atomic_t _mapcount;\\n", "$1atomic_t _mapcount;\n$1int extra;\n");
        assertTrue(broken.contains("int extra;"), "the folio text has an `atomic_t _mapcount;` line");
        String check = broken + "\nstatic_assert(offsetof(struct page, _refcount) == offsetof(struct folio, _refcount));\n";
        src.set(at, Map.entry("folio.h", check));
        InputException e = assertThrows(InputException.class, () -> CHeader.parseAll(src, Abi.LP64, Baseline.X86_64_CONFIG));
        assertTrue(e.getMessage().matches("folio\\.h:\\d+:\\d+: error: static assertion failed: "
            + "\"offsetof\\(struct page, _refcount\\) == offsetof\\(struct folio, _refcount\\)\""), e.getMessage());
        int line = Integer.parseInt(e.getMessage().split(":")[1]);
        assertTrue(check.split("\n")[line - 1].startsWith("static_assert("), check.split("\n")[line - 1]);
    }

    /** gcc compiles the baseline texts with the engine's offsets asserted, on both ABIs. */
    @Test
    void gccAgreesOnTheBaselineStructs() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed: cross-check skipped");
        for (Abi abi : Abi.values()) {
            Map<String, String> cfg = abi == Abi.LP64 ? Baseline.X86_64_CONFIG : Map.of("CONFIG_MEMCG", "1", "CONFIG_SLAB_OBJ_EXT", "1");
            CHeader h = Baseline.header(abi, cfg);
            List<StructLayout> four = List.of(h.struct("page").orElseThrow(), h.struct("folio").orElseThrow(),
                h.struct("slab").orElseThrow(), h.struct("ptdesc").orElseThrow(), h.struct("buffer_head").orElseThrow());
            String c = Baseline.cFile(cfg) + Gcc.asserts(four, false);
            Gcc.Result r = Gcc.syntaxOnly(dir, "baseline-" + abi + ".c", c, abi);
            assertEquals(0, r.exit(), abi + ":\n" + r.output());
            if (abi == Abi.ILP32) assertEquals(36, h.struct("page").orElseThrow().size(), "i386 page with memcg_data");
        }
    }
}
