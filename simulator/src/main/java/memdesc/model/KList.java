package memdesc.model;

import memdesc.memory.PhysMem;

/**
 * list.h over simulated memory: circular lists of {@code struct list_head} members reached through a
 * bound {@link Field} of the objects (struct page, folio, slab, ptdesc, …), with list heads in static
 * kernel data. A node is the address of the member; the object is {@code node - offset} (container_of).
 */
public final class KList {
    private KList() {}

    /** A new empty list head in static kernel data. */
    public static long newHead(PhysMem mem) {
        long h = mem.kalloc(16, 16);
        mem.write64(h, h);
        mem.write64(h + 8, h);
        return h;
    }

    private static boolean isHead(long node) {
        return node >= PhysMem.KDATA;
    }

    private static long next(PhysMem mem, Field f, long node) {
        return isHead(node) ? mem.read64(node) : f.get(node - f.off);
    }

    private static long prev(PhysMem mem, Field f, long node) {
        return isHead(node) ? mem.read64(node + 8) : f.get2(node - f.off);
    }

    private static void setNext(PhysMem mem, Field f, long node, long v) {
        if (isHead(node)) mem.write64(node, v);
        else f.set(node - f.off, v);
    }

    private static void setPrev(PhysMem mem, Field f, long node, long v) {
        if (isHead(node)) mem.write64(node + 8, v);
        else f.set2(node - f.off, v);
    }

    public static void addHead(Field f, long head, long obj) {
        PhysMem mem = f.owner.machine.mem;
        long n = obj + f.off, nx = next(mem, f, head);
        setPrev(mem, f, nx, n);
        setNext(mem, f, n, nx);
        setPrev(mem, f, n, head);
        setNext(mem, f, head, n);
    }

    public static void addTail(Field f, long head, long obj) {
        PhysMem mem = f.owner.machine.mem;
        long n = obj + f.off, pv = prev(mem, f, head);
        setPrev(mem, f, head, n);
        setNext(mem, f, n, head);
        setPrev(mem, f, n, pv);
        setNext(mem, f, pv, n);
    }

    public static void del(Field f, long obj) {
        PhysMem mem = f.owner.machine.mem;
        long n = obj + f.off;
        long pv = prev(mem, f, n), nx = next(mem, f, n);
        if (pv == 0 || nx == 0)
            throw new ModelFailure(f.owner.user, f.name, f.owner.machine.pfnOfAddress(obj), "list_del of an entry that is not on a list");
        setNext(mem, f, pv, nx);
        setPrev(mem, f, nx, pv);
        setNext(mem, f, n, 0);
        setPrev(mem, f, n, 0);
    }

    public static boolean empty(PhysMem mem, long head) {
        return mem.read64(head) == head;
    }

    /** The first object on the list, or 0. */
    public static long first(Field f, long head) {
        long n = f.owner.machine.mem.read64(head);
        return n == head ? 0 : n - f.off;
    }

    /** The last object on the list, or 0. */
    public static long last(Field f, long head) {
        long n = f.owner.machine.mem.read64(head + 8);
        return n == head ? 0 : n - f.off;
    }

    /** The object after {@code obj}, or 0 at the end. */
    public static long next(Field f, long head, long obj) {
        long n = next(f.owner.machine.mem, f, obj + f.off);
        return n == head ? 0 : n - f.off;
    }

    /** Every object on the list, checking both directions of every link. */
    public static long[] walk(Field f, long head) {
        PhysMem mem = f.owner.machine.mem;
        long[] out = new long[16];
        int k = 0;
        long pv = head;
        for (long n = next(mem, f, head); n != head; n = next(mem, f, n)) {
            if (n == 0 || prev(mem, f, n) != pv)
                throw new ModelFailure(f.owner.user, f.name, f.owner.machine.pfnOfAddress(pv), "list is corrupt at 0x" + Long.toHexString(n));
            if (k == out.length) out = java.util.Arrays.copyOf(out, k * 2);
            out[k++] = n - f.off;
            if (k > (1 << 26)) throw ModelFailure.of("list does not terminate");
            pv = n;
        }
        return java.util.Arrays.copyOf(out, k);
    }
}
