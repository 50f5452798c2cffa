package memdesc.pagecache;

import memdesc.memory.PhysMem;
import memdesc.model.ModelFailure;
import memdesc.slab.Slab;

/**
 * A file's page-cache index as the kernel keeps it: a radix tree of 64-slot nodes in simulated memory,
 * rooted in the address_space, the nodes objects of a "radix_tree_node" slab cache. A folio of order N
 * is one multi-index entry: the folio's address in the slot of its first index, in the node whose shift
 * is the largest multiple of 6 not above N, and sibling entries naming that slot in the slots it also
 * covers. Lookups walk the tree in memory, so what a lookup finds is what memory says, and a step that
 * broke a folio's index or mapping is seen where the kernel would see it.
 *
 * <p>Node layout (our statement of the x86_64 facts, 576 bytes): shift, offset in the parent and count
 * of used slots as bytes 0, 1, 2; parent pointer at 8; 64 slot pointers from 40; marks (unused here)
 * after them. Entry encoding: a node is its address | 2; a sibling is (slot << 2) | 2; anything else
 * non-zero is a folio. Unlike the kernel, an entry at index 0 alone still gets a node (the kernel may
 * keep it in the head itself): walkers handle both, and the model's cost is a node per small file.
 */
final class XArray {
    static final int CHUNK_SHIFT = 6, CHUNK = 1 << CHUNK_SHIFT;
    private static final int SHIFT = 0, OFFSET = 1, COUNT = 2, PARENT = 8, SLOTS = 40, NODE_SIZE = 576;

    private final PhysMem mem;
    private final Slab slab;
    private final Slab.Cache nodes;

    XArray(PhysMem mem, Slab slab) {
        this.mem = mem;
        this.slab = slab;
        // the kernel accounts these to the inode's memcg; the model leaves them unaccounted (docs/model.md)
        this.nodes = slab.create("radix_tree_node", NODE_SIZE, false);
    }

    /** What a walker does with each entry of {@link #forEach}. */
    interface Visitor {
        void entry(long index, long entry);
    }

    // ---------------------------------------------------------------- encoding

    private static boolean isInternal(long e) {
        return (e & 3) == 2;
    }

    private static boolean isSibling(long e) {
        return isInternal(e) && Long.compareUnsigned(e, (long) CHUNK << 2) < 0;
    }

    private static boolean isNode(long e) {
        return isInternal(e) && Long.compareUnsigned(e, 4096) > 0;   // kernel addresses are "negative"
    }

    private static long node(long e) {
        return e & ~3L;
    }

    private int shift(long n) {
        return (int) mem.read(n + SHIFT, 1);
    }

    private long slot(long n, int off) {
        return mem.read64(n + SLOTS + 8L * off);
    }

    private void setSlot(long n, int off, long e) {
        mem.write64(n + SLOTS + 8L * off, e);
    }

    private int count(long n) {
        return (int) mem.read(n + COUNT, 1);
    }

    private void addCount(long n, int d) {
        int c = count(n) + d;
        if (c < 0 || c > CHUNK) throw new ModelFailure("pagecache", null, -1, "xarray node 0x" + Long.toHexString(n) + " counts " + c + " slots");
        mem.write(n + COUNT, 1, c);
    }

    private long newNode(int shift, long parent, int offset) {
        long n = slab.alloc(nodes, 0);
        for (int i = 0; i < NODE_SIZE; i += 8) mem.write64(n + i, 0);
        mem.write(n + SHIFT, 1, shift);
        mem.write(n + OFFSET, 1, offset);
        mem.write64(n + PARENT, parent);
        return n;
    }

    private static int entryShift(int order) {
        return order / CHUNK_SHIFT * CHUNK_SHIFT;
    }

    // ---------------------------------------------------------------- operations

    /** The entry covering {@code index} in the tree whose head is at {@code headAddr}, or 0. */
    long load(long headAddr, long index) {
        long e = mem.read64(headAddr);
        if (!isNode(e)) return e == 0 || index != 0 ? 0 : e;
        if ((index >>> shift(node(e)) >>> CHUNK_SHIFT) != 0) return 0;          // beyond the root's reach
        while (isNode(e)) {
            long n = node(e);
            int off = (int) ((index >>> shift(n)) & (CHUNK - 1));
            e = slot(n, off);
            if (isSibling(e)) e = slot(n, (int) (e >>> 2));
        }
        return e;
    }

    /**
     * Stores {@code entry} for the 2^order indexes from {@code index} (aligned), growing the tree as
     * needed. A slot already in use anywhere in the range is the caller's bug: it fails.
     */
    void store(long headAddr, long index, int order, long entry) {
        if (entry == 0 || isInternal(entry)) throw new IllegalArgumentException("not a folio pointer: 0x" + Long.toHexString(entry));
        int es = entryShift(order);
        long last = index + (1L << order) - 1;
        long head = mem.read64(headAddr);
        if (head == 0) {
            int rs = es;
            while ((last >>> rs >>> CHUNK_SHIFT) != 0) rs += CHUNK_SHIFT;
            head = newNode(rs, 0, 0) | 2;
            mem.write64(headAddr, head);
        }
        if (!isNode(head)) throw new ModelFailure("pagecache", null, -1, "xarray head 0x" + Long.toHexString(head) + " is not a node");
        // grow: the old root becomes slot 0 of a taller one until the range and the entry's level fit
        while (shift(node(head)) < es || (last >>> shift(node(head)) >>> CHUNK_SHIFT) != 0) {
            long old = node(head);
            long n = newNode(shift(old) + CHUNK_SHIFT, 0, 0);
            setSlot(n, 0, head);
            addCount(n, 1);
            mem.write64(old + PARENT, n);
            mem.write(old + OFFSET, 1, 0);
            head = n | 2;
            mem.write64(headAddr, head);
        }
        long n = node(head);
        while (shift(n) > es) {
            int off = (int) ((index >>> shift(n)) & (CHUNK - 1));
            long e = slot(n, off);
            if (e == 0) {
                long c = newNode(shift(n) - CHUNK_SHIFT, n, off);
                setSlot(n, off, c | 2);
                addCount(n, 1);
                n = c;
            } else if (isNode(e)) {
                n = node(e);
            } else {
                throw new ModelFailure("pagecache", null, -1, "index " + index + " is inside a larger cached folio");
            }
        }
        int off = (int) ((index >>> es) & (CHUNK - 1)), span = 1 << (order - es);
        for (int i = 0; i < span; i++)
            if (slot(n, off + i) != 0) throw new ModelFailure("pagecache", null, -1, "index " + (index + ((long) i << es)) + " already cached");
        setSlot(n, off, entry);
        for (int i = 1; i < span; i++) setSlot(n, off + i, (long) off << 2 | 2);
        addCount(n, span);
    }

    /** The node and slot holding the entry stored at {@code index} with {@code order}; fails when there is none. */
    private long[] find(long headAddr, long index, int order) {
        long head = mem.read64(headAddr);
        int es = entryShift(order);
        if (!isNode(head) || (index >>> shift(node(head)) >>> CHUNK_SHIFT) != 0) return null;
        long n = node(head);
        while (shift(n) > es) {
            long e = slot(n, (int) ((index >>> shift(n)) & (CHUNK - 1)));
            if (!isNode(e)) return null;
            n = node(e);
        }
        if (shift(n) != es) return null;
        return new long[] {n, (index >>> es) & (CHUNK - 1)};
    }

    /** Replaces the entry at {@code index} (order {@code order}) if it is {@code old}; returns whether it was. */
    boolean replace(long headAddr, long index, int order, long old, long neu) {
        long[] at = find(headAddr, index, order);
        if (at == null || slot(at[0], (int) at[1]) != old) return false;
        setSlot(at[0], (int) at[1], neu);
        return true;
    }

    /**
     * Erases the entry at {@code index} (order {@code order}), which must be {@code entry}; frees the
     * nodes left empty and shrinks the tree while its root uses only slot 0 (as xas_shrink does).
     */
    boolean erase(long headAddr, long index, int order, long entry) {
        long[] at = find(headAddr, index, order);
        if (at == null || slot(at[0], (int) at[1]) != entry) return false;
        long n = at[0];
        int off = (int) at[1], span = 1 << (order - entryShift(order));
        for (int i = 0; i < span; i++) setSlot(n, off + i, 0);
        addCount(n, -span);
        while (count(n) == 0) {
            long parent = mem.read64(n + PARENT);
            int po = (int) mem.read(n + OFFSET, 1);
            slab.free(n);
            if (parent == 0) {
                mem.write64(headAddr, 0);
                return true;
            }
            setSlot(parent, po, 0);
            addCount(parent, -1);
            n = parent;
        }
        long head = mem.read64(headAddr);
        while (isNode(head) && shift(node(head)) > 0 && count(node(head)) == 1 && isNode(slot(node(head), 0))) {
            long root = node(head), child = slot(root, 0);
            mem.write64(node(child) + PARENT, 0);
            slab.free(root);
            head = child;
            mem.write64(headAddr, head);
        }
        return true;
    }

    /** Every entry whose first index is at least {@code from}, in index order, with that index. */
    void forEach(long headAddr, long from, Visitor v) {
        long head = mem.read64(headAddr);
        if (head == 0) return;
        if (!isNode(head)) {
            if (from == 0) v.entry(0, head);
            return;
        }
        walk(node(head), 0, from, v, 0);
    }

    private void walk(long n, long base, long from, Visitor v, int depth) {
        if (depth > 11) throw new ModelFailure("pagecache", null, -1, "xarray deeper than 64-bit indexes allow (a cycle?)");
        int sh = shift(n);
        for (int off = 0; off < CHUNK; off++) {
            long e = slot(n, off);
            if (e == 0 || isSibling(e)) continue;
            long idx = base + ((long) off << sh);
            if (isNode(e)) {
                if (idx + ((long) CHUNK << (sh - CHUNK_SHIFT)) > from) walk(node(e), idx, from, v, depth + 1);
            } else if (idx >= from) {
                v.entry(idx, e);
            }
        }
    }
}
