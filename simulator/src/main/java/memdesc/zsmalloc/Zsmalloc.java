package memdesc.zsmalloc;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.slab.Slab;


/**
 * zsmalloc (mm/zsmalloc.c), one size class: a zspage is a chain of zpdesc pages linked by
 * {@code zpdesc->next}, each naming its {@code zspage} and its {@code first_obj_offset}; objects of
 * 256 bytes carry their handle's address in a header; a handle (an object of the zs_handle cache) holds
 * the object's location (PFN and offset). Pages are movable through {@code movable_ops}: migration
 * copies a page, relinks the chain and rewrites the handles of the objects it holds.
 * The zpdesc is the page itself (v6.12: struct page's index, private, page_type and mapping words), an
 * overlay of it (struct zpdesc, v6.14) or separately allocated.
 */
public final class Zsmalloc {
    static final int OBJ = 256, PAGES = 2, PER_PAGE = 4096 / OBJ;

    private final Machine m;
    private final Slab slab;
    private final Field zspageF, first, next, ops, flags, lru, handleF;
    private static final long PRIVATE = 1L << Machine.PG_private;
    private final java.util.Optional<Field> ref, type;
    private final boolean opsInPage;
    private final Binding b;
    private final long isolated;
    private final boolean separate;
    private final Slab.Cache zspages, handles;
    private final long mops;
    /**
     * zspages with a free slot, in simulated memory as the kernel keeps its fullness lists: each zspage
     * holds its free-slot bitmap (FREE) and its links on the list (NEXT, PREV); the first and last
     * zspage are two words of static data (0: none).
     */
    private final long open;
    private static final int FREE = 40, NEXT = 48, PREV = 56;
    private long migrated;

    public Zsmalloc(Machine m, Slab slab) {
        this.m = m;
        this.slab = slab;
        b = m.bind("zsmalloc");
        separate = m.separate("zpdesc");
        // v6.12 zsmalloc keeps these in struct page's own words (index, private, page_type); from v6.14
        // it names them through struct zpdesc, overlaid on the same words
        zspageF = b.field("zpdesc.zspage", "page.private");
        first = b.field("zpdesc.first_obj_offset", "page.page_type");
        next = b.field("zpdesc.next", "page.index");
        handleF = b.field("zpdesc.handle", "page.index");
        flags = b.field("zpdesc.flags", "page.flags");
        lru = b.field("zpdesc.lru", "page.lru");
        ops = b.field("zpdesc.movable_ops", "page.mapping");
        opsInPage = ops.name().startsWith("page.");
        m.requireDescriptor("zsmalloc", zspageF, "zpdesc");
        ref = b.need("the page's reference count, set when the page is taken and checked when it is given back", "zpdesc._refcount", "page._refcount");
        // the page type word: first_obj_offset's upper bits while the page is the zpdesc (or overlays it);
        // with a separate zpdesc the page's own word, written where the state still declares it
        type = m.memdescWorld || !separate ? java.util.Optional.empty() : b.optional("page.page_type");
        isolated = memdesc.model.KList.newHead(m.mem);
        zspages = slab.create("zspage", 64, false);
        handles = slab.create("zs_handle", 16, false);
        mops = m.mem.kalloc(64, 64);   // struct movable_operations zsmalloc_mops
        open = m.mem.kalloc(16, 16);
    }

    /** The zpdesc of a zsmalloc page, from its struct page. */
    public long zpdesc(long pfn) {
        long page = m.pageAddr(pfn);
        if (!separate) return page;
        if (m.memdescWorld) {
            long md = m.pMemdesc.get(page);
            return "zpdesc".equals(m.typeName((int) md & 15)) ? md & ~15L : 0;
        }
        long ch = m.pCompound.get(page);
        return (ch & 1) != 0 ? ch - 1 : 0;
    }

    private long opsBase(long pfn, long d) {
        return opsInPage ? m.pageAddr(pfn) : d;
    }

    private long refBase(Field f, long pfn, long d) {
        return f.name().startsWith("page.") ? m.pageAddr(pfn) : d;
    }

    private long pagePfn(long zspage, int j) {
        return m.mem.read64(zspage + 16 + 8L * j);
    }

    private long newPage(long zspage, int j) {
        long pfn = m.pages().alloc(0, Owner.ZSMALLOC);
        if (pfn < 0) throw new ModelFailure("zsmalloc", null, -1, "out of memory");
        long d = separate ? m.descs().alloc("zpdesc") : m.pageAddr(pfn);
        if (separate || m.memdescWorld) m.attach(b, pfn, 1, d, "zpdesc");
        type.ifPresent(f -> f.set(m.pageAddr(pfn), (long) Machine.PGTY_zsmalloc << 24));
        ref.ifPresent(f -> f.set(refBase(f, pfn, d), 1));
        // PG_private marks the zspage's first page; overlaid on the page, the rest of the word is the page's
        // own flags (zone and node bits among them), which zsmalloc leaves alone as the kernel does
        long keep = separate ? 0 : flags.get(d) & ~PRIVATE;
        flags.set(d, keep | (j == 0 ? PRIVATE : 0));
        zspageF.set(d, zspage);
        // overlaid on the page, the upper 8 bits of first_obj_offset are the page type (PGTY_zsmalloc)
        first.set(d, separate ? 0 : (long) Machine.PGTY_zsmalloc << 24);
        next.set(d, 0);
        ops.set(opsBase(pfn, d), mops | 2); // PAGE_MAPPING_MOVABLE
        m.mem.write64(zspage + 16 + 8L * j, pfn);
        return d;
    }

    private long newZspage() {
        long zs = slab.alloc(zspages, 0);
        m.mem.write64(zs + 32, 0);
        long prev = 0;
        for (int j = 0; j < PAGES; j++) {
            long d = newPage(zs, j);
            if (prev != 0) next.set(prev, d);
            else m.mem.write64(zs, d); // zspage->first_zpdesc
            prev = d;
        }
        m.mem.write64(zs + 8, 0);       // inuse
        m.mem.write64(zs + FREE, (1L << (PAGES * PER_PAGE)) - 1);
        openAdd(zs);
        return zs;
    }

    private long openFirst() {
        return m.mem.readStatic64(open);
    }

    /** Appends a zspage to the list of those with a free slot. */
    private void openAdd(long zs) {
        long last = m.mem.readStatic64(open + 8);
        m.mem.write64(zs + PREV, last);
        m.mem.write64(zs + NEXT, 0);
        if (last != 0) m.mem.write64(last + NEXT, zs);
        else m.mem.writeStatic64(open, zs);
        m.mem.writeStatic64(open + 8, zs);
    }

    private void openDel(long zs) {
        long p = m.mem.read64(zs + PREV), n = m.mem.read64(zs + NEXT);
        if (p != 0) m.mem.write64(p + NEXT, n);
        else m.mem.writeStatic64(open, n);
        if (n != 0) m.mem.write64(n + PREV, p);
        else m.mem.writeStatic64(open + 8, p);
        m.mem.write64(zs + PREV, 0);
        m.mem.write64(zs + NEXT, 0);
    }

    /** zs_malloc() + copy in: stores two words of data; returns the handle. */
    public long store(long a, long bword) {
        if (openFirst() == 0) newZspage();
        long zs = openFirst();
        long free = m.mem.read64(zs + FREE);
        if (free == 0) throw new ModelFailure("zsmalloc", null, m.pfnOfAddress(zs), "a zspage on the list of those with free slots has none");
        int slot = Long.numberOfTrailingZeros(free);
        free &= ~(1L << slot);
        m.mem.write64(zs + FREE, free);
        if (free == 0) openDel(zs);
        m.mem.write64(zs + 8, m.mem.read64(zs + 8) + 1);
        long pfn = pagePfn(zs, slot / PER_PAGE);
        long off = (long) (slot % PER_PAGE) * OBJ;
        long h = slab.alloc(handles, 0);
        m.mem.write64(h, m.realPfn(pfn) << 12 | off);      // a handle holds the real PFN (obj_to_location)
        long obj = Machine.virt(pfn) + off;
        m.mem.write64(obj, h);            // object header: its handle
        m.mem.write64(obj + 8, a);
        m.mem.write64(obj + 16, bword);
        return h;
    }

    private long objAddr(long h) {
        long loc = m.mem.read64(h), pfn = m.framePfn(loc >>> 12);
        if ((loc & 1) != 0) {
            long d = zpdesc(pfn);
            if (d == 0 || handleF.get(d) != h) throw new ModelFailure("zsmalloc", handleF.name(), pfn, "huge page does not hold its handle");
            return Machine.virt(pfn);
        }
        long obj = Machine.virt(pfn) + (loc & 0xfff);
        if (m.mem.read64(obj) != h) throw new ModelFailure("zsmalloc", null, pfn, "object header does not name its handle");
        long d = zpdesc(pfn);
        if (d == 0 || (ops.get(opsBase(pfn, d)) & ~3L) != mops) throw new ModelFailure("zsmalloc", ops.name(), pfn, "handle points into a page that is not zsmalloc's");
        return obj;
    }

    /** zs_malloc() of a huge object (ZS_HUGE_CLASS): a page of its own, the handle kept in zpdesc->handle. */
    public long storeHuge(long a, long bword) {
        long zs = slab.alloc(zspages, 0);
        long d = newPage(zs, 0);
        m.mem.write64(zs, d);
        m.mem.write64(zs + 8, 1);
        m.mem.write64(zs + 24, 0);
        m.mem.write64(zs + 32, 1);          // huge
        long pfn = pagePfn(zs, 0);
        long h = slab.alloc(handles, 0);
        m.mem.write64(h, m.realPfn(pfn) << 12 | 1);
        handleF.set(d, h);
        long obj = Machine.virt(pfn);
        m.mem.write64(obj, 0);
        m.mem.write64(obj + 8, a);
        m.mem.write64(obj + 16, bword);
        return h;
    }

    private boolean huge(long zs) {
        return m.mem.read64(zs + 32) == 1;
    }

    /** zs_map_object() + read: the two words stored. */
    public long[] load(long h) {
        long obj = objAddr(h);
        return new long[] {m.mem.read64(obj + 8), m.mem.read64(obj + 16)};
    }

    /** zs_free(). Frees the zspage when it becomes empty. */
    public void free(long h) {
        long obj = objAddr(h);
        long pfn = m.mem.virtToPfn(obj);
        long zs = zspageF.get(zpdesc(pfn));
        if (huge(zs)) {
            long d = zpdesc(pfn);
            handleF.set(d, 0);
            retire(pfn, d);
            if (separate) m.descs().free("zpdesc", d);
            m.pages().free(pfn, 0);
            slab.free(h);
            slab.free(zs);
            return;
        }
        int j = -1;
        for (int k = 0; k < PAGES; k++) if (pagePfn(zs, k) == pfn) j = k;
        if (j < 0) throw new ModelFailure("zsmalloc", zspageF.name(), pfn, "page is not in its zspage");
        int slot = j * PER_PAGE + (int) ((obj - Machine.virt(pfn)) / OBJ);
        m.mem.write64(obj, 0);
        slab.free(h);
        long inuse = m.mem.read64(zs + 8) - 1;
        m.mem.write64(zs + 8, inuse);
        long free = m.mem.read64(zs + FREE);
        if (free == 0) openAdd(zs);     // it was full: it has a free slot again
        m.mem.write64(zs + FREE, free | 1L << slot);
        if (inuse == 0) {
            openDel(zs);
            for (long d = m.mem.read64(zs), k = 0; d != 0; k++) {
                long nx = next.get(d);
                long p = pagePfn(zs, (int) k);
                retire(p, d);
                if (separate) m.descs().free("zpdesc", d);
                m.pages().free(p, 0);
                d = nx;
            }
            slab.free(zs);
        }
    }

    private void retire(long pfn, long d) {
        ref.ifPresent(f -> {
            if (f.get(refBase(f, pfn, d)) != 1) throw new ModelFailure("zsmalloc", f.name(), pfn, "zsmalloc page refcount is not 1 at free");
        });
        zspageF.set(d, 0);
        ops.set(opsBase(pfn, d), 0);
        next.set(d, 0);
        flags.set(d, separate ? 0 : flags.get(d) & ~PRIVATE);
        if (!separate) first.set(d, 0xffffffffL);   // no page type any more
        type.ifPresent(f -> f.set(m.pageAddr(pfn), 0xffffffffL));
        if (separate || m.memdescWorld) m.detach(b, pfn, 1);
    }

    /** Whether a page is movable by zsmalloc's movable_ops (what compaction asks). */
    public boolean movable(long pfn) {
        long d = zpdesc(pfn);
        return d != 0 && (ops.get(opsBase(pfn, d)) & ~3L) == mops;
    }

    /**
     * movable_ops->migrate_page(): moves one zsmalloc page to a new frame: copies it, gives the new page
     * the same zpdesc fields, relinks the chain, rewrites the handles of its objects. Returns the new PFN.
     */
    public long migrate(long pfn) {
        long d = zpdesc(pfn);
        long zs = zspageF.get(d);
        ref.ifPresent(f -> f.add(refBase(f, pfn, d), 1));    // isolate_movable_page() takes a reference
        memdesc.model.KList.addTail(lru, isolated, d);
        int j = -1;
        for (int k = 0; k < PAGES; k++) if (pagePfn(zs, k) == pfn) j = k;
        long nd = newPage(zs, j);
        long npfn = pagePfn(zs, j);
        first.set(nd, first.get(d));
        if (!huge(zs)) next.set(nd, next.get(d));
        long src = Machine.virt(pfn), dst = Machine.virt(npfn);
        for (int i = 0; i < 512; i++) m.mem.write64(dst + 8L * i, m.mem.read64(src + 8L * i));
        if (huge(zs)) {
            long hh = handleF.get(d);
            handleF.set(nd, hh);
            handleF.set(d, 0);
            m.mem.write64(hh, m.realPfn(npfn) << 12 | 1);
        } else for (int s = 0; s < PER_PAGE; s++) {
            long h = m.mem.read64(dst + (long) s * OBJ);
            if (h != 0) m.mem.write64(h, m.realPfn(npfn) << 12 | (long) s * OBJ);
        }
        if (m.mem.read64(zs) == d) m.mem.write64(zs, nd);
        else
            for (long p = m.mem.read64(zs); p != 0; p = next.get(p))
                if (next.get(p) == d) next.set(p, nd);
        flags.set(nd, (flags.get(nd) & ~PRIVATE) | (flags.get(d) & PRIVATE));   // not the old frame's zone bits
        memdesc.model.KList.del(lru, d);
        ref.ifPresent(f -> f.add(refBase(f, pfn, d), -1));
        retire(pfn, d);
        if (separate) m.descs().free("zpdesc", d);
        m.pages().free(pfn, 0);
        migrated++;
        return npfn;
    }


    public long migrated() {
        return migrated;
    }
}
