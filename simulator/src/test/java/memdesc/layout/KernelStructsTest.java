package memdesc.layout;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * struct page, struct folio and struct slab as Linux v6.12 writes them (mm_types.h,
 * mm/slab.h with their comments, #ifdefs and _struct_page_alignment), laid out for an
 * x86_64 config (CONFIG_MEMCG, CONFIG_SLAB_OBJ_EXT, HAVE_ALIGNED_STRUCT_PAGE, SLUB_CPU_PARTIAL).
 * The headers' own FOLIO_MATCH/SLAB_MATCH static_asserts are evaluated by the engine and by gcc.
 * (v6.15 moved the hugetlb fields to a fourth page, making folio 256 bytes; this is v6.12.)
 */
class KernelStructsTest {
    static final Map<String, String> X86_64_CONFIG = Map.of(
        "CONFIG_MEMCG", "1", "CONFIG_SLAB_OBJ_EXT", "1", "CONFIG_HAVE_ALIGNED_STRUCT_PAGE", "1",
        "CONFIG_SLUB_CPU_PARTIAL", "1");

    @TempDir Path dir;

    static CHeader kernel(Abi abi, Map<String, String> config) throws Exception {
        return CHeader.parseAll(List.of(
            Map.entry("x86_64-support.h", CHeader.bundledSource("x86_64-support.h")),
            Map.entry("mm_types-v6.12.h", CHeader.bundledSource("mm_types-v6.12.h")),
            Map.entry("slab-v6.12.h", CHeader.bundledSource("slab-v6.12.h"))), abi, config);
    }

    private static long off(StructLayout s, String path) {
        return s.find(path).orElseThrow(() -> new AssertionError("no " + path + " in " + s.name())).offset();
    }

    @Test
    void pageFolioSlabSizes() throws Exception {
        CHeader h = kernel(Abi.LP64, X86_64_CONFIG);
        StructLayout page = h.struct("page").orElseThrow();
        StructLayout folio = h.struct("folio").orElseThrow();
        StructLayout slab = h.struct("slab").orElseThrow();
        assertEquals(64, page.size());
        assertEquals(16, page.align(), "_struct_page_alignment with HAVE_ALIGNED_STRUCT_PAGE");
        assertEquals(192, folio.size());
        assertEquals(64, slab.size());
        assertEquals(16, slab.align(), "freelist_aba_t holds a u128");
        assertEquals(64, h.struct("ptdesc").orElseThrow().size());
    }

    @Test
    void withoutAlignedStructPageThePageIsWordAligned() throws Exception {
        CHeader h = kernel(Abi.LP64, Map.of("CONFIG_MEMCG", "1", "CONFIG_SLAB_OBJ_EXT", "1"));
        assertEquals(8, h.struct("page").orElseThrow().align());
        assertEquals(64, h.struct("page").orElseThrow().size());
        // without SLUB_CPU_PARTIAL and freelist_aba the slab is still one page's worth
        assertEquals(64, h.struct("slab").orElseThrow().size());
    }

    @Test
    void folioOverlaysTheHeadPageAndItsTails() throws Exception {
        CHeader h = kernel(Abi.LP64, X86_64_CONFIG);
        StructLayout page = h.struct("page").orElseThrow();
        StructLayout folio = h.struct("folio").orElseThrow();
        for (String f : List.of("flags", "lru", "mapping", "index", "private", "_mapcount", "_refcount", "memcg_data")) {
            assertEquals(off(page, f), off(folio, f), "FOLIO_MATCH(" + f + ")");
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
    }

    @Test
    void aBrokenOverlayFailsTheHeadersOwnStaticAssert() throws Exception {
        String mm = CHeader.bundledSource("mm_types-v6.12.h").replace(
            "\t\t\tatomic_t _mapcount;\n\t\t\tatomic_t _refcount;\n#ifdef CONFIG_MEMCG",
            "\t\t\tatomic_t _mapcount;\n\t\t\tint extra;\n\t\t\tatomic_t _refcount;\n#ifdef CONFIG_MEMCG");
        assertTrue(mm.contains("int extra;"));
        InputException e = assertThrows(InputException.class, () -> CHeader.parse("mm_types.h", mm, Abi.LP64, X86_64_CONFIG));
        assertTrue(e.getMessage().matches("mm_types\\.h:\\d+:\\d+: error: static assertion failed: "
            + "\"offsetof\\(struct page, _refcount\\) == offsetof\\(struct folio, _refcount\\)\""), e.getMessage());
        int line = Integer.parseInt(e.getMessage().split(":")[1]);
        assertTrue(mm.split("\n")[line - 1].startsWith("FOLIO_MATCH(_refcount, _refcount)"), mm.split("\n")[line - 1]);
    }

    /** gcc compiles the same three headers with the engine's offsets asserted, on both ABIs. */
    @Test
    void gccAgreesOnTheKernelStructs() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed: cross-check skipped");
        for (Abi abi : Abi.values()) {
            Map<String, String> cfg = abi == Abi.LP64 ? X86_64_CONFIG : Map.of("CONFIG_MEMCG", "1", "CONFIG_SLAB_OBJ_EXT", "1");
            CHeader h = kernel(abi, cfg);
            StringBuilder c = new StringBuilder();
            cfg.forEach((k, v) -> c.append("#define ").append(k).append(' ').append(v).append('\n'));
            c.append(CHeader.preludeSource()).append(CHeader.bundledSource("x86_64-support.h"))
                .append(CHeader.bundledSource("mm_types-v6.12.h")).append(CHeader.bundledSource("slab-v6.12.h"));
            List<StructLayout> three = List.of(h.struct("page").orElseThrow(), h.struct("folio").orElseThrow(),
                h.struct("slab").orElseThrow(), h.struct("ptdesc").orElseThrow());
            c.append(Gcc.asserts(three, false));
            Gcc.Result r = Gcc.syntaxOnly(dir, "kernel-" + abi + ".c", c.toString(), abi);
            assertEquals(0, r.exit(), abi + ":\n" + r.output());
            if (abi == Abi.ILP32) assertEquals(36, h.struct("page").orElseThrow().size(), "i386 page with memcg_data");
        }
    }
}
