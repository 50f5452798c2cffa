package memdesc.buddy;

import memdesc.memory.PhysMem;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;

/**
 * Free lists of the 8-byte page: each free block's head holds a {@code struct buddy} in its memdesc
 * word — a 4-bit type and the PFNs of the previous and next free block as bitfields, widths from the
 * layout. PFNs are real (where the frame lies in the physical address space, not the model's dense
 * frame number), absolute or relative to the zone's start (helper {@code buddy_pfn}); all ones is "none".
 * The list heads (first and last PFN) live in static kernel data.
 */
final class PfnLists implements Lists {
    private final Machine m;
    private final PhysMem mem;
    private final Field memdesc, prev, next;
    private final long mdOff;
    private final long none;
    private final boolean relative;
    private final long heads;
    private final int code;
    private final java.util.List<Machine.Zone> zones;

    PfnLists(Machine m, Binding b, int count, boolean relative) {
        this.m = m;
        this.mem = m.mem;
        this.memdesc = b.get("page.memdesc");
        this.prev = b.field("buddy.prev");
        this.next = b.field("buddy.next");
        this.mdOff = memdesc.offset();
        this.relative = relative;
        this.zones = m.zones();
        int width = Math.min(prev.bitWidth() == 0 ? 64 : prev.bitWidth(), next.bitWidth() == 0 ? 64 : next.bitWidth());
        this.none = width >= 64 ? -1L : (1L << width) - 1;
        // the PFNs stored are real ones: a zone's span (holes included) or the highest PFN of the machine
        long need = relative ? zones.stream().mapToLong(Machine.Zone::spanned).max().orElse(0) : m.placement.spanFrames();
        if (need > none)
            throw new ModelFailure("buddy", "buddy.next", -1, "struct buddy holds " + width + "-bit "
                    + (relative ? "zone-relative " : "") + "PFNs: at most " + none + " frames ("
                    + ((none << PhysMem.PAGE_SHIFT) >> 30) + " GiB" + (relative ? " per zone" : "")
                    + "), but this machine " + (relative ? "has a zone spanning " + need + " frames"
                    : "has memory up to PFN " + (need - 1)) + " (" + m.placement + ")");
        this.heads = mem.kalloc(16L * count, 16);
        for (int i = 0; i < count; i++) {
            mem.write64(heads + 16L * i, -1);
            mem.write64(heads + 16L * i + 8, -1);
        }
        this.code = m.code("buddy");
    }

    private long base(long pfn) {
        return m.pageAddr(pfn) + mdOff;
    }

    private long enc(long pfn) {
        if (pfn < 0) return none;
        return relative ? m.realPfn(pfn) - m.zoneOfPfn(pfn).startPfn() : m.realPfn(pfn);
    }

    /** Decodes a stored PFN; relative PFNs are relative to the zone of the block that stores them. */
    private long dec(long stored, long holder) {
        if (stored == none) return -1;
        return m.framePfn(relative ? stored + m.zoneOfPfn(holder).startPfn() : stored);
    }

    private long first(int l) {
        return mem.read64(heads + 16L * l);
    }

    private long last(int l) {
        return mem.read64(heads + 16L * l + 8);
    }

    private void setFirst(int l, long p) {
        mem.write64(heads + 16L * l, p);
    }

    private void setLast(int l, long p) {
        mem.write64(heads + 16L * l + 8, p);
    }

    private long nextOf(long pfn) {
        return dec(next.get(base(pfn)), pfn);
    }

    private long prevOf(long pfn) {
        return dec(prev.get(base(pfn)), pfn);
    }

    private void link(long pfn, long p, long n) {
        long b = base(pfn);
        memdesc.set(m.pageAddr(pfn), code);  // struct buddy.type is the memdesc type nibble
        prev.set(b, enc(p));
        next.set(b, enc(n));
    }

    @Override public void addHead(long pfn, int l) {
        long f = first(l);
        link(pfn, -1, f);
        if (f >= 0) prev.set(base(f), enc(pfn));
        else setLast(l, pfn);
        setFirst(l, pfn);
    }

    @Override public void addTail(long pfn, int l) {
        long t = last(l);
        link(pfn, t, -1);
        if (t >= 0) next.set(base(t), enc(pfn));
        else setFirst(l, pfn);
        setLast(l, pfn);
    }

    @Override public void del(long pfn, int l) {
        long p = prevOf(pfn), n = nextOf(pfn);
        if (p >= 0) next.set(base(p), enc(n));
        else setFirst(l, n);
        if (n >= 0) prev.set(base(n), enc(p));
        else setLast(l, p);
        memdesc.set(m.pageAddr(pfn), m.freeValue);
    }

    @Override public long popHead(int l) {
        long f = first(l);
        if (f < 0) throw ModelFailure.of("pop from an empty list");
        del(f, l);
        return f;
    }

    @Override public long popTail(int l) {
        long t = last(l);
        if (t < 0) throw ModelFailure.of("pop from an empty list");
        del(t, l);
        return t;
    }

    @Override public long[] walk(int l) {
        long[] out = new long[16];
        int k = 0;
        long p = -1;
        for (long c = first(l); c >= 0; c = nextOf(c)) {
            if (prevOf(c) != p) throw new ModelFailure("buddy", "buddy.prev", c, "PFN list is corrupt: prev does not point back");
            if (k == out.length) out = java.util.Arrays.copyOf(out, k * 2);
            out[k++] = c;
            if (k > m.frames) throw ModelFailure.of("PFN list does not terminate");
            p = c;
        }
        if (p != last(l)) throw ModelFailure.of("PFN list tail does not match its head's last");
        return java.util.Arrays.copyOf(out, k);
    }
}
