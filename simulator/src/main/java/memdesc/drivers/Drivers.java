package memdesc.drivers;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

/**
 * Device drivers' uses of struct page: AMDGPU tags the pages of its TTM buffers through
 * {@code page->mapping} and recognises them by it; many drivers keep a cookie in {@code page->private}.
 * In the memdesc world their pages are Misc memdescs of a driver subtype.
 */
public final class Drivers {
    private final Machine m;
    private final Field amdMapping, priv;
    private final long tt;

    public Drivers(Machine m) {
        this.m = m;
        boolean amd = m.state().enabled("amdgpu"), drv = m.state().enabled("drivers_private");
        amdMapping = amd ? m.bind("amdgpu").field("page.mapping", "page.private") : null;
        priv = drv ? m.bind("drivers_private").field("page.private") : null;
        tt = m.mem.kalloc(64, 64);
    }

    private long page(int user) {
        long pfn = m.pages().alloc(0, Owner.DRIVER);
        if (pfn < 0) throw new ModelFailure(user == 0 ? "amdgpu" : "drivers_private", null, -1, "out of memory");
        if (m.memdescWorld) m.attachMisc(pfn, 0, Machine.MISC_DRIVER);
        return pfn;
    }

    /** amdgpu_ttm_tt_populate(): n pages tagged with the buffer's mapping. */
    public long[] amdgpuPopulate(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = page(0);
            amdMapping.set(m.pageAddr(out[i]), tt);
        }
        return out;
    }

    /** How many of the pages AMDGPU recognises as its own by page->mapping. */
    public int amdgpuOwned(long[] pfns) {
        int n = 0;
        for (long p : pfns) if (amdMapping.get(m.pageAddr(p)) == tt) n++;
        return n;
    }

    public void amdgpuUnpopulate(long[] pfns) {
        for (long p : pfns) {
            amdMapping.set(m.pageAddr(p), 0);
            if (m.memdescWorld) m.detach(p, 1);
            m.pages().free(p, 0);
        }
    }

    /** A driver page carrying a cookie in page->private. */
    public long privatePage(long cookie) {
        long pfn = page(1);
        priv.set(m.pageAddr(pfn), cookie);
        return pfn;
    }

    public long cookie(long pfn) {
        return priv.get(m.pageAddr(pfn));
    }

    public void freePrivate(long pfn) {
        priv.set(m.pageAddr(pfn), 0);
        if (m.memdescWorld) m.detach(pfn, 1);
        m.pages().free(pfn, 0);
    }
}
