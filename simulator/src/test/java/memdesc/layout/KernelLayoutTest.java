package memdesc.layout;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Structs read from source trees of our own kernel-shaped headers ({@link KernelTreeFixture}). */
class KernelLayoutTest {
    @TempDir Path dir;

    private SourceTree tree(int release) throws Exception {
        return SourceTree.directory(KernelTreeFixture.write(dir.resolve("r" + release), KernelTreeFixture.release(release)));
    }

    private static long offset(StructLayout s, String path) {
        return s.find(path).orElseThrow(() -> new AssertionError("no " + path + " in " + s.name())).offset();
    }

    @Test void structsComeFromTheirHeadersWithIncludesConfigAndAttributes() throws Exception {
        KernelLayout.Result r = KernelLayout.layout(tree(0), List.of("page", "folio", "slab", "mm_like"), Abi.LP64, null);
        StructLayout page = r.structs().get(0).layout();
        assertEquals("include/linux/mm_types.h", r.structs().get(0).file());
        assertEquals(64, page.size()); // flags 8, union 40, two atomic_t, memcg_data (CONFIG_MEMCG is in the default set)
        assertEquals(16, page.align()); // _struct_page_alignment with CONFIG_HAVE_ALIGNED_STRUCT_PAGE
        assertEquals(56, offset(page, "memcg_data"));
        assertTrue(page.find("_last_cpupid").isEmpty()); // no CONFIG_NUMA_BALANCING
        assertEquals("pgoff_t", page.find("index").orElseThrow().type()); // a typedef in this release
        StructLayout folio = r.structs().get(1).layout();
        assertEquals(0, offset(folio, "page"));
        assertEquals(64, offset(folio, "counters")); // after the union holding a 64-byte page
        assertEquals(16, folio.find("counters").orElseThrow().size()); // NR_MM_COUNTERS == 2 from the enum
        StructLayout slab = r.structs().get(2).layout();
        assertEquals("mm/slab.h", r.structs().get(2).file());
        assertEquals(32, offset(slab, "freelist_counter"));          // aligned(16) through a typedef chain
        assertEquals(64, r.structs().get(3).layout().find("hot").orElseThrow().offset()); // ____cacheline_aligned: 1 << 6
        assertTrue(r.facts().stream().anyMatch(f -> f.startsWith("generated/bounds.h")), r.facts().toString());
    }

    @Test void aConfigChangesTheLayoutAndIlp32HalvesTheWords() throws Exception {
        String cfg = "CONFIG_64BIT=y\nCONFIG_X86_L1_CACHE_SHIFT=7\n# CONFIG_MEMCG is not set\n";
        KernelLayout.Result r = KernelLayout.layout(tree(0), List.of("page", "mm_like"), Abi.LP64, cfg);
        StructLayout page = r.structs().get(0).layout();
        assertTrue(page.find("memcg_data").isEmpty());
        assertEquals(8, page.align()); // no CONFIG_HAVE_ALIGNED_STRUCT_PAGE
        assertEquals(56, page.size());
        assertEquals(128, r.structs().get(1).layout().find("hot").orElseThrow().offset());
        KernelLayout.Result i = KernelLayout.layout(tree(0), List.of("page"), Abi.ILP32, null);
        StructLayout p32 = i.structs().get(0).layout();
        assertEquals(8, p32.align()); // 2 * sizeof(unsigned long) on i386
        assertEquals(40, p32.size()); // flags 4, union 20, two atomic_t, memcg_data 4: 36, rounded up to 8
        assertEquals(32, offset(p32, "memcg_data"));
    }

    @Test void aNewerReleaseHasOtherStructsAndTypes() throws Exception {
        KernelLayout.Result r = KernelLayout.layout(tree(1), List.of("page", "zpdesc", "netmem_desc"), Abi.LP64, null);
        assertEquals("memdesc_flags_t", r.structs().get(0).layout().find("flags").orElseThrow().type());
        assertEquals("long unsigned int", r.structs().get(0).layout().find("index").orElseThrow().type()); // a macro now
        assertEquals("mm/zpdesc.h", r.structs().get(1).file());
        assertEquals(40, r.structs().get(1).layout().size());
        assertEquals("include/net/netmem.h", r.structs().get(2).file());
        assertEquals(40, r.structs().get(2).layout().size());
        assertEquals(1, r.structs().get(2).layout().align()); // __packed
        InputException e = assertThrows(InputException.class, () -> KernelLayout.layout(tree(0), List.of("zpdesc"), Abi.LP64, null));
        assertTrue(e.getMessage().contains("no definition of struct 'zpdesc'"), e.getMessage());
    }

    @Test void randomizedLayoutsAreAWarningNotAGuess() throws Exception {
        KernelLayout.Result r = KernelLayout.layout(tree(0), List.of("mm_like"), Abi.LP64, "CONFIG_64BIT=y\nCONFIG_X86_L1_CACHE_SHIFT=6\nCONFIG_RANDSTRUCT=y\n");
        assertTrue(r.warnings().stream().anyMatch(w -> w.contains("randomizes")), r.warnings().toString());
        KernelLayout.Result plain = KernelLayout.layout(tree(0), List.of("mm_like"), Abi.LP64, null);
        assertFalse(plain.warnings().stream().anyMatch(w -> w.contains("randomizes")));
    }

    /** gcc -g on our expansion of the tree's declarations, then pahole: the same text as ours. */
    @Test void paholeOnGccsDwarfOfTheExpansionAgrees() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc is not installed");
        Assumptions.assumeTrue(Gcc.available("pahole"), "pahole is not installed (apt-get install dwarves)");
        for (int rel = 0; rel < 2; rel++) {
            List<String> names = rel == 0 ? List.of("page", "folio", "slab") : List.of("page", "zpdesc", "netmem_desc");
            KernelLayout.Result r = KernelLayout.layout(tree(rel), names, Abi.LP64, null);
            for (KernelLayout.Entry e : r.structs()) {
                Path c = dir.resolve("r" + rel + "-" + e.name() + ".c");
                Files.writeString(c, e.source() + "\nstruct " + e.name() + " *use;\n");
                Path o = dir.resolve("r" + rel + "-" + e.name() + ".o");
                Gcc.Result cc = Gcc.run(List.of("gcc", "-g", "-c", "-w", c.toString(), "-o", o.toString()), dir);
                assertEquals(0, cc.exit(), cc.output());
                Gcc.Result ph = Gcc.run(List.of("pahole", "-C", e.name(), o.toString()), dir);
                assertEquals(ph.output(), LayoutFormat.pahole(e.header(), e.layout()), "release " + rel + " struct " + e.name());
            }
        }
    }
}
