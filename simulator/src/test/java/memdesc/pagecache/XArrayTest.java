package memdesc.pagecache;

import memdesc.buddy.Buddy;
import memdesc.model.Machine;
import memdesc.model.StateLayouts;
import memdesc.slab.Slab;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page-cache index in simulated memory: multi-order entries stored, found, replaced and erased
 * against a reference map; the nodes' bytes as documented; a corrupted slot changes what a lookup finds.
 */
class XArrayTest {
    private static final long FOLIO = 0xffff_8880_1000_0000L;   // fake folio pointers: the xarray never follows them

    private record Rig(Machine m, Slab slab, XArray xa, long head) {}

    private static Rig rig() {
        State s = RoadmapLoader.load(Path.of("../roadmap.yaml")).baseline();
        Machine m = new Machine(s, StateLayouts.of(s), 64L << 20, false);
        new Buddy(m).bootFreeAll();
        Slab slab = new Slab(m);
        long inode = slab.alloc(slab.kmallocCache(64), 0);
        m.mem.write64(inode, 0);
        return new Rig(m, slab, new XArray(m.mem, slab), inode);
    }

    @Test
    void multiOrderEntriesMatchAReferenceMapUnderRandomStoresAndErases() {
        Rig g = rig();
        SplittableRandom r = new SplittableRandom(11);
        TreeMap<Long, long[]> ref = new TreeMap<>();   // first index -> {order, entry}
        for (int op = 0; op < 4000; op++) {
            if (ref.isEmpty() || r.nextInt(100) < 60) {
                int order = r.nextInt(100) < 70 ? r.nextInt(3) : r.nextInt(13);
                long idx = (r.nextLong(1L << 22)) & -(1L << order);
                long entry = FOLIO + 64L * op;
                boolean free = true;
                var below = ref.floorEntry(idx + (1L << order) - 1);
                if (below != null && below.getKey() + (1L << below.getValue()[0]) > idx) free = false;
                if (free) {
                    g.xa.store(g.head, idx, order, entry);
                    ref.put(idx, new long[] {order, entry});
                } else {
                    assertThrows(memdesc.model.ModelFailure.class, () -> g.xa.store(g.head, idx, order, entry));
                }
            } else {
                List<Long> keys = new ArrayList<>(ref.keySet());
                long idx = keys.get(r.nextInt(keys.size()));
                long[] e = ref.remove(idx);
                assertTrue(g.xa.erase(g.head, idx, (int) e[0], e[1]));
            }
            if (op % 200 == 0) {
                for (int probe = 0; probe < 200; probe++) {
                    long i = r.nextLong(1L << 22);
                    var f = ref.floorEntry(i);
                    long want = f != null && i < f.getKey() + (1L << f.getValue()[0]) ? f.getValue()[1] : 0;
                    assertEquals(want, g.xa.load(g.head, i), "index " + i + " after op " + op);
                }
                List<long[]> seen = new ArrayList<>();
                g.xa.forEach(g.head, 0, (i, e) -> seen.add(new long[] {i, e}));
                assertEquals(ref.size(), seen.size());
                int k = 0;
                for (Map.Entry<Long, long[]> e : ref.entrySet()) {
                    assertEquals(e.getKey(), seen.get(k)[0]);
                    assertEquals(e.getValue()[1], seen.get(k++)[1]);
                }
            }
        }
        for (var e : new ArrayList<>(ref.entrySet())) assertTrue(g.xa.erase(g.head, e.getKey(), (int) e.getValue()[0], e.getValue()[1]));
        assertEquals(0, g.m.mem.read64(g.head), "an empty tree has an empty head");
        assertEquals(0, g.slab.cache("radix_tree_node").inuse(), "every node freed");
    }

    @Test
    void nodesAreLaidOutInMemoryAsDocumented() {
        Rig g = rig();
        g.xa.store(g.head, 0, 0, FOLIO);
        g.xa.store(g.head, 512, 9, FOLIO + 64);        // order 9: a slot and seven siblings at shift 6
        long head = g.m.mem.read64(g.head);
        assertEquals(2, head & 3, "the head is a node entry");
        long root = head & ~3L;
        assertEquals(6, g.m.mem.read(root, 1), "root shift");
        assertEquals(9, g.m.mem.read(root + 2, 1), "root count: every used slot, the child node and the order-9 entry with its siblings");
        assertEquals(FOLIO + 64, g.m.mem.read64(root + 40 + 8 * 8), "slot 8 holds the folio");
        for (int s = 9; s < 16; s++) assertEquals(8 << 2 | 2, g.m.mem.read64(root + 40 + 8L * s), "slot " + s + " is a sibling of 8");
        long child = g.m.mem.read64(root + 40) & ~3L;
        assertEquals(0, g.m.mem.read(child, 1), "leaf shift");
        assertEquals(root, g.m.mem.read64(child + 8), "the leaf's parent");
        assertEquals(FOLIO, g.m.mem.read64(child + 40), "index 0");
        assertEquals(FOLIO + 64, g.xa.load(g.head, 1000));
    }

    @Test
    void aCorruptedSlotChangesWhatALookupFinds() {
        Rig g = rig();
        g.xa.store(g.head, 70, 1, FOLIO);
        assertEquals(FOLIO, g.xa.load(g.head, 71));
        long root = g.m.mem.read64(g.head) & ~3L;
        long leaf = g.m.mem.read64(root + 40 + 8) & ~3L;     // index 70: slot 1 of the root, slot 6 of the leaf
        g.m.mem.write64(leaf + 40 + 8 * 6, FOLIO + 128);
        assertNotEquals(FOLIO, g.xa.load(g.head, 71), "the lookup reads memory, not a Java map");
        assertEquals(FOLIO + 128, g.xa.load(g.head, 70));
    }
}
