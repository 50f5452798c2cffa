package memdesc.buddy;

import memdesc.memory.PhysMem;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;

/**
 * Circular doubly linked lists through {@code struct list_head} members of struct page (buddy_list,
 * pcp_list), with the heads in static kernel data, exactly as list.h links them: pointers are addresses
 * of the list_head inside the page.
 */
final class ListHeadLists implements Lists {
    private final Machine m;
    private final PhysMem mem;
    private final Field buddy, pcp;
    private final int firstPcp;
    private final long heads, headsEnd;
    // Both links are plain words (the common case): next at the node, prev 8 bytes on, whether the node
    // is a list head in static data or a page's list_head, so the hot paths load and store them directly.
    private final boolean raw;

    ListHeadLists(Machine m, Field buddy, Field pcp, int count, int firstPcp) {
        this.m = m;
        this.mem = m.mem;
        this.buddy = buddy;
        this.pcp = pcp;
        this.firstPcp = firstPcp;
        this.heads = mem.kalloc(16L * count, 16);
        this.headsEnd = heads + 16L * count;
        this.raw = buddy.plainWord() && pcp.plainWord();
        for (int i = 0; i < count; i++) {
            long h = heads + 16L * i;
            mem.write64(h, h);
            mem.write64(h + 8, h);
        }
    }

    private Field f(int list) {
        return list < firstPcp ? buddy : pcp;
    }

    private boolean isHead(long node) {
        return node >= heads && node < headsEnd;
    }

    private long next(long node, Field f) {
        return isHead(node) ? mem.read64(node) : f.get(node - f.offset());
    }

    private long prev(long node, Field f) {
        return isHead(node) ? mem.read64(node + 8) : f.get2(node - f.offset());
    }

    private void setNext(long node, long v, Field f) {
        if (isHead(node)) mem.write64(node, v);
        else f.set(node - f.offset(), v);
    }

    private void setPrev(long node, long v, Field f) {
        if (isHead(node)) mem.write64(node + 8, v);
        else f.set2(node - f.offset(), v);
    }

    private long node(long pfn, Field f) {
        return m.pageAddr(pfn) + f.offset();
    }

    private long pfnOf(long node, Field f) {
        return m.pfn(node - f.offset());
    }

    private void insert(long n, long prev, long next, Field f) {
        setPrev(next, n, f);
        setNext(n, next, f);
        setPrev(n, prev, f);
        setNext(prev, n, f);
    }

    private void rawDel(long n) {
        long prev = mem.read64(n + 8), next = mem.read64(n);
        mem.write64(prev, next);
        mem.write64(next + 8, prev);
        mem.write64(n, 0);
        mem.write64(n + 8, 0);
    }

    @Override public void addHead(long pfn, int list) {
        Field f = f(list);
        long h = heads + 16L * list;
        if (raw) {
            f.touch();
            long n = node(pfn, f), next = mem.readStatic64(h);
            mem.write64(next + 8, n);
            mem.write64(n, next);
            mem.write64(n + 8, h);
            mem.writeStatic64(h, n);
            return;
        }
        insert(node(pfn, f), h, next(h, f), f);
    }

    @Override public void addTail(long pfn, int list) {
        Field f = f(list);
        long h = heads + 16L * list;
        if (raw) {
            f.touch();
            long n = node(pfn, f), prev = mem.readStatic64(h + 8);
            mem.writeStatic64(h + 8, n);
            mem.write64(n, h);
            mem.write64(n + 8, prev);
            mem.write64(prev, n);
            return;
        }
        insert(node(pfn, f), prev(h, f), h, f);
    }

    @Override public void del(long pfn, int list) {
        Field f = f(list);
        long n = node(pfn, f);
        if (raw) {
            f.touch();
            rawDel(n);
            return;
        }
        long prev = prev(n, f), next = next(n, f);
        setNext(prev, next, f);
        setPrev(next, prev, f);
        setNext(n, 0, f); // the kernel poisons; 0 also clears PageBuddy where memdesc overlays the link
        setPrev(n, 0, f);
    }

    @Override public long popHead(int list) {
        Field f = f(list);
        long h = heads + 16L * list;
        long n = raw ? mem.readStatic64(h) : next(h, f);
        return pop(n, h, f, list);
    }

    @Override public long popTail(int list) {
        Field f = f(list);
        long h = heads + 16L * list;
        long n = raw ? mem.readStatic64(h + 8) : prev(h, f);
        return pop(n, h, f, list);
    }

    private long pop(long n, long h, Field f, int list) {
        if (n == h) throw ModelFailure.of("pop from an empty list");
        long pfn = pfnOf(n, f);
        if (raw) {
            f.touch();
            rawDel(n);
        } else {
            del(pfn, list);
        }
        return pfn;
    }

    @Override public long[] walk(int list) {
        Field f = f(list);
        long h = heads + 16L * list;
        long[] out = new long[16];
        int k = 0;
        long prev = h;
        for (long n = next(h, f); n != h; n = next(n, f)) {
            if (!m.isPage(n - f.offset()))
                throw new ModelFailure("buddy", f.name(), m.pfnOfAddress(n), "list link 0x" + Long.toHexString(n) + " is not a struct page's list_head");
            if (prev(n, f) != prev)
                throw new ModelFailure("buddy", f.name(), pfnOf(n, f), "list is corrupt: prev link does not point back");
            if (k == out.length) out = java.util.Arrays.copyOf(out, k * 2);
            out[k++] = pfnOf(n, f);
            if (k > m.frames) throw ModelFailure.of("list does not terminate");
            prev = n;
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
