package memdesc.model;

import memdesc.buddy.Buddy;
import memdesc.failure.MemoryFailure;
import memdesc.kmalloc.Kmalloc;
import memdesc.slab.Slab;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import memdesc.vmalloc.Vmalloc;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001's two-word struct page in the model (roadmaps/two-word.yaml): what the allocator and allocatee
 * words hold, read back from simulated memory, and the helpers that decode them; every page of one vmalloc
 * area, however scattered, pointing at one vm_struct, and memory failure finding the area from any of them.
 */
class TwoWordPageTest {
    static final Path FILE = Path.of("..", "roadmaps", "two-word.yaml");
    static final Roadmap R = RoadmapLoader.load(FILE, FILE.toString());

    static Machine machine(String step) {
        State s = R.states().get(R.resolve(step));
        return new Machine(s, StateLayouts.of(s), 64L << 20, false);
    }

    /** The raw words of struct page at a PFN: {allocator, allocatee} (offsets 0 and 8 of a 16-byte page). */
    static long[] words(Machine m, long pfn) {
        long p = m.pageAddr(pfn);
        return new long[] {m.mem.read64(p), m.mem.read64(p + 8)};
    }

    @Test void theStateIsTwoWords() {
        Machine m = machine("two-word");
        assertEquals(16, m.pageSize);
        assertTrue(m.allocateeWord && m.memdescWorld);
        assertEquals(0, m.layouts().field("page", "allocator").orElseThrow().offset());
        assertEquals(8, m.layouts().field("page", "allocatee").orElseThrow().offset());
        assertEquals(List.of("allocator", "allocator", "allocatee", "allocator", "allocator"),
                List.of(m.helpers.regime("PageTail"), m.helpers.regime("compound_head"), m.helpers.regime("page_folio"),
                        m.helpers.regime("page_slab"), m.helpers.regime("PageBuddy")));
        // the seed's claim: two words are 0.4% of memory (16 / 4096 = 0.390625%)
        assertEquals(0.390625, 100.0 * m.pageSize / 4096, 1e-12);
    }

    @Test void everyPageOfAnAllocationCarriesItsOrderAndTheHeadOfAFreeBlockItsFreeBit() {
        Machine m = machine("two-word");
        Buddy b = new Buddy(m);
        b.bootFreeAll();
        long pfn = b.allocPages(3);
        for (int i = 0; i < 8; i++) {
            long[] w = words(m, pfn + i);
            assertEquals(2 | 3 << 2, w[0], "allocator word of page " + i + ": buddy, order 3, not free");
            assertEquals(m.code("misc"), w[1] & 15, "a raw alloc_pages() is Misc in the allocatee word");
            long page = m.pageAddr(pfn + i);
            assertEquals(i > 0, m.helpers.pageTail(page), "PageTail from the order alone, page " + i);
            assertEquals(m.pageAddr(pfn), m.helpers.compoundHead(page), "compound_head: the PFN rounded down to the order");
            assertFalse(m.helpers.pageBuddy(page));
        }
        b.freePages(pfn, 3);
        b.drainPcp();
        // the block went back and merged: its head carries order and free bit, the pages inside it nothing
        long[] block = b.freeBlockOf(pfn);
        long head = block[0];
        int order = (int) block[1];
        assertTrue(order >= 3);
        assertEquals(2 | (long) order << 2 | 1L << 8, words(m, head)[0]);
        assertTrue(m.helpers.pageBuddy(m.pageAddr(head)));
        for (long p = head + 1; p < head + (1L << order); p++) {
            assertEquals(0, words(m, p)[0], "pfn " + p + " inside a free block");
            assertFalse(m.helpers.pageBuddy(m.pageAddr(p)));
        }
    }

    @Test void churnKeepsTheFreeListsExactWithTheOrderInTheAllocatorWord() {
        for (String step : List.of("two-word", "vmalloc-allocatee")) {
            Machine m = machine(step);
            Buddy b = new Buddy(m);
            b.bootFreeAll();
            long boot = b.freePages();
            SplittableRandom r = new SplittableRandom(11);
            List<long[]> live = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                if (live.isEmpty() || r.nextBoolean()) {
                    int order = r.nextInt(6);
                    long pfn = b.allocPages(order);
                    live.add(new long[] {pfn, order});
                    long tail = pfn + r.nextLong(1L << order);
                    assertEquals(m.pageAddr(pfn), m.helpers.compoundHead(m.pageAddr(tail)), step);
                } else {
                    long[] x = live.remove(r.nextInt(live.size()));
                    b.freePages(x[0], (int) x[1]);
                }
                if (i % 400 == 0) b.checkInvariants(false);
            }
            for (long[] x : live) b.freePages(x[0], (int) x[1]);
            b.drainPcp();
            b.checkInvariants(true);
            assertEquals(boot, b.freePages(), step);
        }
    }

    @Test void aSlabPagePointsAtItsStructSlabFromTheAllocatorWord() {
        Machine m = machine("two-word");
        Buddy b = new Buddy(m);
        b.bootFreeAll();
        Slab slab = new Slab(m);
        long obj = slab.alloc(slab.kmallocCache(512), 0);
        long pfn = m.mem.virtToPfn(obj);
        long[] w = words(m, pfn);
        long s = slab.slabOf(obj);
        assertNotEquals(0, s);
        assertEquals(s | 1, w[0], "001: the allocator word is 'a pointer to slab/slub's state'");
        assertEquals(m.code("slab"), w[1], "Wilcox: PG_slab becomes a page type in the allocatee word (no pointer)");
        assertEquals(s, m.helpers.pageSlab(m.pageAddr(pfn)));
        slab.free(obj);
    }

    @Test void theAllocatorRegimesRefuseAStateWithoutTheTwoWords(@TempDir Path dir) throws Exception {
        Path base = Path.of("..", "roadmap.yaml").toAbsolutePath().normalize();
        Path v = dir.resolve("v.yaml");
        Files.writeString(v, "extends: " + base + "\nsteps:\n  - id: tail-from-allocator\n    title: t\n    phase: immediate\n"
                + "    after: zpdesc-overlay\n    source: {seed: 001_b3cc9cad3f40fd51.txt, section: S}\n"
                + "    changes:\n      - helper: {name: PageTail, impl: allocator}\n");
        Roadmap r = RoadmapLoader.load(v, "v.yaml");
        State s = r.states().get(r.resolve("tail-from-allocator"));
        ModelFailure e = assertThrows(ModelFailure.class, () -> new Machine(s, StateLayouts.of(s), 64L << 20, false));
        assertTrue(e.getMessage().contains("PageTail() is 'allocator'") && e.getMessage().contains("no allocator and allocatee words"),
                e.getMessage());
    }

    /**
     * Pages of one area taken from a fragmented pcp list, so they are not contiguous: each points at the
     * same vm_struct (Wilcox: "every page allocated to a given vmalloc allocation would point to the same
     * vm_struct"), memory failure finds the area from each and notices a vm_struct that does not hold the page.
     */
    @Test void scatteredVmallocPagesShareTheirVmStruct() {
        Machine m = machine("vmalloc-allocatee");
        Buddy b = new Buddy(m);
        b.bootFreeAll();
        Slab slab = new Slab(m);
        Kmalloc km = new Kmalloc(m, slab);
        Vmalloc vm = new Vmalloc(m, km);
        assertTrue(vm.shared());
        MemoryFailure mf = new MemoryFailure(m, b, new Folios(m), slab, null, null, null, km, null, null, null, null);
        // fragment the order-0 pcp list: every other page of a run goes back
        List<Long> run = new ArrayList<>();
        for (int i = 0; i < 16; i++) run.add(b.allocPages(0));
        for (int i = 0; i < 16; i += 2) b.freePages(run.get(i), 0);
        Vmalloc.Area a = vm.vmalloc(4, 100), c = vm.vmalloc(3, 200);
        List<Long> pfns = new ArrayList<>();
        for (int i = 0; i < 4; i++) pfns.add(m.pfn(m.mem.read64(vm.area(a.vm())[0] + 8L * i)));
        boolean gap = false;
        for (int i = 1; i < 4; i++) gap |= Math.abs(pfns.get(i) - pfns.get(i - 1)) != 1;
        assertTrue(gap, "the area's pages are not contiguous: " + pfns);
        for (int i = 0; i < 4; i++) {
            long[] w = words(m, pfns.get(i));
            assertEquals(a.vm() | m.code("vmalloc"), w[1], "page " + i + " of the area points at its vm_struct");
            assertEquals(Owner.VMALLOC, mf.identify(pfns.get(i)));
            assertEquals(100 + i, vm.read(a, i));
        }
        assertNotEquals(a.vm(), c.vm());
        assertEquals(c.vm() | m.code("vmalloc"), words(m, m.pfn(m.mem.read64(vm.area(c.vm())[0])))[1]);
        assertEquals(4, vm.area(a.vm())[1], "vm_struct.nr_pages");
        // a vm_struct that does not hold the page: memory is no longer self-describing
        long arr = vm.area(a.vm())[0], first = m.mem.read64(arr);
        m.mem.write64(arr, m.mem.read64(vm.area(c.vm())[0]));
        ModelFailure e = assertThrows(ModelFailure.class, () -> mf.identify(pfns.get(0)));
        assertTrue(e.getMessage().contains("do not include it"), e.getMessage());
        m.mem.write64(arr, first);
        vm.vfree(a);
        vm.vfree(c);
        assertEquals(0L, m.descs().live().get("vm_struct"), "every vm_struct freed");
        for (long p : pfns) assertEquals(Owner.FREE, m.ownerOf(p));
    }

    @Test void beforeVmallocAllocateeTheAreaPagesAreMisc() {
        Machine m = machine("two-word");
        Buddy b = new Buddy(m);
        b.bootFreeAll();
        Slab slab = new Slab(m);
        Vmalloc vm = new Vmalloc(m, new Kmalloc(m, slab));
        assertFalse(vm.shared());
        Vmalloc.Area a = vm.vmalloc(2, 1);
        assertEquals(0, a.vm());
        long w = words(m, m.pfn(m.mem.read64(a.pages())))[1];
        assertEquals(m.code("misc"), w & 15);
        assertEquals(Machine.MISC_VMALLOC, Machine.miscSubtype(w));
        vm.vfree(a);
    }
}
