package memdesc.buddy;

import memdesc.memory.PhysMem;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;

/**
 * Free lists of the 8-byte page with a 16-byte {@code struct buddy { prev; next; }} kept in the first
 * bytes of the free block itself (the memmap has no room for it): links are addresses of those structs in
 * the direct map, heads in static data. The head page's memdesc says "buddy, heads a free block".
 */
final class InBlockLists implements Lists {
    private final Machine m;
    private final PhysMem mem;
    private final Field prev, next, memdesc;
    private final long heads, headsEnd;
    private final long headMark;
    private final boolean raw;              // both links plain words: loaded and stored directly
    private final long pOff, nOff;

    InBlockLists(Machine m, Field prev, Field next, Field memdesc, int count) {
        this.m = m;
        this.mem = m.mem;
        this.prev = prev;
        this.next = next;
        this.memdesc = memdesc;
        this.heads = mem.kalloc(16L * count, 16);
        this.headsEnd = heads + 16L * count;
        this.headMark = m.freeValue | 16;
        this.raw = prev.plainWord() && next.plainWord();
        this.pOff = prev.offset();
        this.nOff = next.offset();
        for (int i = 0; i < count; i++) {
            long h = heads + 16L * i;
            mem.write64(h + next.offset(), h);
            mem.write64(h + prev.offset(), h);
        }
    }

    private boolean isHead(long n) {
        return n >= heads && n < headsEnd;
    }

    private long nx(long n) {
        if (raw) {
            next.touch();
            return mem.read64(n + nOff);
        }
        return isHead(n) ? mem.read64(n + nOff) : next.get(n);
    }

    private long pv(long n) {
        if (raw) {
            prev.touch();
            return mem.read64(n + pOff);
        }
        return isHead(n) ? mem.read64(n + pOff) : prev.get(n);
    }

    private void setNx(long n, long v) {
        if (raw) {
            next.touch();
            mem.write64(n + nOff, v);
        } else if (isHead(n)) {
            mem.write64(n + nOff, v);
        } else {
            next.set(n, v);
        }
    }

    private void setPv(long n, long v) {
        if (raw) {
            prev.touch();
            mem.write64(n + pOff, v);
        } else if (isHead(n)) {
            mem.write64(n + pOff, v);
        } else {
            prev.set(n, v);
        }
    }

    private void insert(long pfn, long p, long n) {
        long node = Machine.virt(pfn);
        setPv(n, node);
        setNx(node, n);
        setPv(node, p);
        setNx(p, node);
        if (memdesc != null) memdesc.set(m.pageAddr(pfn), headMark);
    }

    @Override public void addHead(long pfn, int l) {
        long h = heads + 16L * l;
        insert(pfn, h, nx(h));
    }

    @Override public void addTail(long pfn, int l) {
        long h = heads + 16L * l;
        insert(pfn, pv(h), h);
    }

    @Override public void del(long pfn, int l) {
        long node = Machine.virt(pfn);
        long p = pv(node), n = nx(node);
        setNx(p, n);
        setPv(n, p);
        setNx(node, 0);
        setPv(node, 0);
        if (memdesc != null) memdesc.set(m.pageAddr(pfn), m.freeValue);
    }

    private long pfnOf(long node) {
        long pfn = mem.virtToPfn(node);
        if (pfn < 0 || Machine.virt(pfn) != node) throw ModelFailure.of("buddy link 0x" + Long.toHexString(node) + " is not a free block");
        return pfn;
    }

    @Override public long popHead(int l) {
        long h = heads + 16L * l;
        return pop(nx(h), h, l);
    }

    @Override public long popTail(int l) {
        long h = heads + 16L * l;
        return pop(pv(h), h, l);
    }

    private long pop(long n, long h, int l) {
        if (n == h) throw ModelFailure.of("pop from an empty list");
        long pfn = pfnOf(n);
        del(pfn, l);
        return pfn;
    }

    @Override public long[] walk(int l) {
        long h = heads + 16L * l;
        long[] out = new long[16];
        int k = 0;
        long p = h;
        for (long n = nx(h); n != h; n = nx(n)) {
            if (pv(n) != p) throw new ModelFailure("buddy", prev.name(), mem.virtToPfn(n), "free list is corrupt: prev does not point back");
            if (k == out.length) out = java.util.Arrays.copyOf(out, k * 2);
            out[k++] = pfnOf(n);
            if (k > m.frames) throw ModelFailure.of("list does not terminate");
            p = n;
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
