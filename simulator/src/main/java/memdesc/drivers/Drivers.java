package memdesc.drivers;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

import java.util.Optional;

/**
 * Device drivers' uses of struct page: AMDGPU tags the pages of its TTM buffers through
 * {@code page->mapping} (later, as an interim, {@code page->private}) and recognises them by it; many
 * drivers keep a cookie in {@code page->private}. Once a state converts them to {@code struct driver_page},
 * each driver keeps its per-page state in a table of its own, in simulated memory: records of the PFN and
 * the value, found by PFN. In the memdesc world their pages are Misc memdescs of a driver subtype. Drivers
 * hold the page's reference and check it when they free.
 */
public final class Drivers {
    private final Machine m;
    private final Binding amd, drv;
    private final Optional<Field> amdTag, priv, ref;
    private final Table amdTable, drvTable;      // null while the page keeps the value
    private final long tt;

    /**
     * A driver's own table of its pages: {@code struct driver_page} records in static data, open addressing
     * by PFN (PFN 0 is the memmap's, never a driver's: an empty record; all ones: a removed one).
     */
    private final class Table {
        static final int SLOTS = 1024;
        final String user;
        final Field pfnF, valF;
        final long base, stride;

        Table(Binding who, Field val) {
            user = who.user();
            pfnF = who.field("driver_page.pfn");
            valF = val;
            stride = (m.layouts().sizeOf("driver_page") + 7) & ~7L;
            base = m.mem.kalloc(SLOTS * stride, 64);
        }

        /** The record of {@code pfn}, or where to put it when {@code insert}; 0 when there is none. */
        private long find(long pfn, boolean insert) {
            long tomb = 0;      // kernel addresses are negative as longs: 0 is "none"
            for (int i = 0, h = (int) ((pfn * 0x9E3779B97F4A7C15L) >>> 54) & (SLOTS - 1); i < SLOTS; i++, h = (h + 1) & (SLOTS - 1)) {
                long rec = base + h * stride, at = pfnF.get(rec);
                if (at == pfn) return rec;
                if (at == -1L && tomb == 0) tomb = rec;
                if (at == 0) return insert ? (tomb != 0 ? tomb : rec) : 0;
            }
            if (insert && tomb != 0) return tomb;
            throw new ModelFailure(user, pfnF.name(), pfn, "the driver's page table is full");
        }

        void put(long pfn, long v) {
            long rec = find(pfn, true);
            pfnF.set(rec, pfn);
            valF.set(rec, v);
        }

        long get(long pfn) {
            long rec = find(pfn, false);
            return rec == 0 ? 0 : valF.get(rec);
        }

        void remove(long pfn) {
            long rec = find(pfn, false);
            if (rec == 0) throw new ModelFailure(user, pfnF.name(), pfn, "the driver's table has no record of its page");
            pfnF.set(rec, -1L);
            valF.set(rec, 0);
        }
    }

    public Drivers(Machine m) {
        this.m = m;
        amd = m.state().enabled("amdgpu") ? m.bind("amdgpu") : null;
        drv = m.state().enabled("drivers_private") ? m.bind("drivers_private") : null;
        amdTag = amd == null ? Optional.empty()
                : amd.need("AMDGPU's tag of its TTM pages", "page.mapping", "page.private", "driver_page.private");
        priv = drv == null ? Optional.empty() : drv.need("a driver's per-page cookie", "page.private", "driver_page.private");
        amdTable = inTable(amd, amdTag);
        drvTable = inTable(drv, priv);
        ref = drv == null ? Optional.empty() : drv.need("the page's reference count, set when the page is taken and checked when it is given back", "page._refcount");
        tt = m.mem.kalloc(64, 64);
    }

    private Table inTable(Binding who, Optional<Field> f) {
        return f.isPresent() && f.get().name().startsWith("driver_page.") ? new Table(who, f.get()) : null;
    }

    private long page(Binding who) {
        long pfn = m.pages().alloc(0, Owner.DRIVER);
        if (pfn < 0) throw new ModelFailure(who.user(), null, -1, "out of memory");
        if (m.memdescWorld) m.attachMisc(who, null, pfn, 0, Machine.MISC_DRIVER);
        return pfn;
    }

    private void release(Binding who, long pfn) {
        if (m.memdescWorld) m.detach(who, pfn, 1);
        m.pages().free(pfn, 0);
    }

    /** amdgpu_ttm_tt_populate(): n pages tagged with the buffer's mapping. */
    public long[] amdgpuPopulate(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = page(amd);
            if (amdTable != null) amdTable.put(out[i], tt);
            else if (amdTag.isPresent()) amdTag.get().set(m.pageAddr(out[i]), tt);
        }
        return out;
    }

    /** How many of the pages AMDGPU recognises as its own. */
    public int amdgpuOwned(long[] pfns) {
        int n = 0;
        for (long p : pfns)
            if ((amdTable != null ? amdTable.get(p) : amdTag.isPresent() ? amdTag.get().get(m.pageAddr(p)) : 0) == tt) n++;
        return n;
    }

    public void amdgpuUnpopulate(long[] pfns) {
        for (long p : pfns) {
            if (amdTable != null) amdTable.remove(p);
            else if (amdTag.isPresent()) amdTag.get().set(m.pageAddr(p), 0);
            release(amd, p);
        }
    }

    /** A driver page carrying a cookie. */
    public long privatePage(long cookie) {
        long pfn = page(drv);
        if (drvTable != null) drvTable.put(pfn, cookie);
        else if (priv.isPresent()) priv.get().set(m.pageAddr(pfn), cookie);
        return pfn;
    }

    public long cookie(long pfn) {
        return drvTable != null ? drvTable.get(pfn) : priv.isPresent() ? priv.get().get(m.pageAddr(pfn)) : 0;
    }

    /** Drops the driver's reference (get_page()/put_page() pairs happen while it is in use). */
    public void freePrivate(long pfn) {
        ref.ifPresent(f -> {
            if (f.get(m.pageAddr(pfn)) != 1) throw new ModelFailure("drivers_private", f.name(), pfn, "driver page refcount is not 1 at free");
        });
        if (drvTable != null) drvTable.remove(pfn);
        else if (priv.isPresent()) priv.get().set(m.pageAddr(pfn), 0);
        release(drv, pfn);
    }
}
