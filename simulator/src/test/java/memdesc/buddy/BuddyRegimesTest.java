package memdesc.buddy;

import memdesc.model.Machine;
import memdesc.model.Owner;
import memdesc.model.StateLayouts;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buddy allocator in every regime the roadmap's states use (order in page->private, in page->flags,
 * in the second page's Misc memdesc; lists through buddy_list, through struct buddy in the free block,
 * through PFN bitfields in the memdesc): random churn with the lists walked after every step, and
 * memory failure's take_page_off_buddy() splitting blocks around a poisoned page.
 */
class BuddyRegimesTest {
    static final Roadmap R = RoadmapLoader.load(Path.of("../roadmap.yaml"));

    @Test void churnAndTakeOffKeepListsExactInEveryState() {
        for (State s : R.states()) {
            Machine m = new Machine(s, StateLayouts.of(s), 64L << 20, false);
            Buddy b = new Buddy(m);
            b.bootFreeAll();
            long boot = b.freePages();
            long[] blocksAtBoot = b.freeBlocks();
            SplittableRandom r = new SplittableRandom(7);
            List<long[]> live = new ArrayList<>();
            for (int i = 0; i < 3000; i++) {
                if (live.isEmpty() || r.nextBoolean()) {
                    int order = r.nextInt(6);
                    long pfn = b.allocPages(order);
                    assertTrue(pfn >= 0, s.stepId());
                    live.add(new long[] {pfn, order});
                } else {
                    long[] x = live.remove(r.nextInt(live.size()));
                    b.freePages(x[0], (int) x[1]);
                }
                if (i % 500 == 0) b.checkInvariants(false);
            }
            for (long[] x : live) b.freePages(x[0], (int) x[1]);
            b.drainPcp();
            b.checkInvariants(true);
            assertEquals(boot, b.freePages(), s.stepId());
            assertTrue(java.util.Arrays.equals(blocksAtBoot, b.freeBlocks()), s.stepId() + ": merged back to boot's blocks");
            // take single pages out of free blocks, as memory failure does
            long p0 = b.allocPages(3);
            b.freePages(p0, 3);
            for (int k = 1; k < 8; k += 3) {
                assertTrue(b.takeOff(p0 + k), s.stepId());
                m.own(p0 + k, 1, Owner.HWPOISON);
                try {
                    b.checkInvariants(false);
                } catch (RuntimeException e) {
                    throw new AssertionError(s.stepId() + ": after taking off " + (p0 + k) + ": " + e.getMessage());
                }
            }
            assertEquals(boot - 3, b.freePages(), s.stepId());
        }
    }

    /** The owner-table scan the invariant checks use (eight frames a load) against a frame-by-frame one. */
    @Test void firstNotOwnedByFindsTheFirstOtherOwnerAtAnyAlignment() {
        State s = R.baseline();
        Machine m = new Machine(s, StateLayouts.of(s), 64L << 20, false);
        long memmap = m.memmapFrames;
        m.own(memmap + 100, 1, Owner.SLAB);
        m.own(memmap + 203, 3, Owner.FILE);
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            long from = memmap + r.nextLong(300), to = from + r.nextLong(300);
            long want = -1;
            for (long p = from; p < to && want < 0; p++) if (m.ownerOf(p) != Owner.FREE) want = p;
            assertEquals(want, m.firstNotOwnedBy(from, to, Owner.FREE), from + ".." + to);
        }
        assertEquals(0, m.firstNotOwnedBy(0, memmap + 1, Owner.FREE));
        assertEquals(-1, m.firstNotOwnedBy(0, memmap, Owner.MEMMAP));
        m.release();
    }

    /**
     * The allocator decides from memory: a page on a pcp list is not a free head because memory says so
     * (the pcp bitmap in the 16- and 8-byte pages' states, the page itself before them), and the free
     * lists' counts are words in static data. Flipping one bit or word changes what the allocator does.
     */
    @Test void pcpMembershipAndCountsAreReadFromSimulatedMemory() {
        List<String> bitmap = new ArrayList<>();
        for (State s : R.states()) {
            Machine m = new Machine(s, StateLayouts.of(s), 64L << 20, false);
            Buddy b = new Buddy(m);
            b.bootFreeAll();
            long p = b.allocPages(0);            // rmqueue_bulk put its neighbours on the pcp list
            long q = p ^ 1;
            assertTrue(m.ownedBy(q, Owner.FREE), s.stepId());
            assertTrue(!b.isFreeHead(q) && b.freeBlockOf(q) == null, s.stepId() + ": a pcp page heads no free block");
            long w = b.pcpMarkWord(q);
            if (w != 0) {
                bitmap.add(s.stepId());
                m.mem.writeStatic64(w, m.mem.readStatic64(w) & ~(1L << (q & 63)));
                assertTrue(b.isFreeHead(q), s.stepId() + ": with its pcp bit clear the page reads as a free head");
                AssertionError none = null;
                try {
                    b.checkInvariants(false);
                    none = new AssertionError(s.stepId() + ": a pcp page reading as a free head went unnoticed");
                } catch (memdesc.model.ModelFailure e) {
                    assertTrue(e.getMessage().contains("pcp list reads as a free block head"), e.getMessage());
                }
                if (none != null) throw none;
                m.mem.writeStatic64(w, m.mem.readStatic64(w) | 1L << (q & 63));
            }
            b.checkInvariants(false);
            // nr_free of the largest order in the last zone says 0: the allocator no longer takes from it
            int z = m.zones().size() - 1;
            long a = b.nrFreeAddr(z, Machine.MAX_ORDER), had = m.mem.readStatic64(a);
            assertTrue(had > 0, s.stepId());
            m.mem.writeStatic64(a, 0);
            long big = b.allocPages(Machine.MAX_ORDER);
            assertTrue(big < 0 || m.zoneOfPfn(big) != m.zones().get(z), s.stepId() + ": took a block nr_free says is not there");
            if (big >= 0) b.freePages(big, Machine.MAX_ORDER);
            m.mem.writeStatic64(a, had);
        }
        assertEquals(List.of("shrink-16", "drivers-private", "memdesc-8", "buddy-pfn", "buddy-zone-relative"), bitmap,
                "the states whose free pages cannot say they are on a pcp list");
    }
}
