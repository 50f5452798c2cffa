package memdesc.drivers;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Device drivers' uses of struct page: AMDGPU tags the pages of its TTM buffers through
 * {@code page->mapping} (later, as an interim, {@code page->private}) and recognises them by it; many
 * drivers keep a cookie in {@code page->private}. Once a state takes those members away, the drivers keep
 * their per-page state in their own tables. In the memdesc world their pages are Misc memdescs of a
 * driver subtype. Drivers hold the page's reference and check it when they free.
 */
public final class Drivers {
    private final Machine m;
    private final Binding amd, drv;
    private final Optional<Field> amdTag, priv, ref;
    private final Map<Long, Long> amdTable = new HashMap<>(), drvTable = new HashMap<>();
    private final long tt;

    public Drivers(Machine m) {
        this.m = m;
        amd = m.state().enabled("amdgpu") ? m.bind("amdgpu") : null;
        drv = m.state().enabled("drivers_private") ? m.bind("drivers_private") : null;
        amdTag = amd == null ? Optional.empty() : amd.optional("page.mapping", "page.private");
        priv = drv == null ? Optional.empty() : drv.optional("page.private");
        ref = drv == null ? Optional.empty() : drv.optional("page._refcount");
        tt = m.mem.kalloc(64, 64);
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
            if (amdTag.isPresent()) amdTag.get().set(m.pageAddr(out[i]), tt);
            else amdTable.put(out[i], tt);
        }
        return out;
    }

    /** How many of the pages AMDGPU recognises as its own. */
    public int amdgpuOwned(long[] pfns) {
        int n = 0;
        for (long p : pfns)
            if ((amdTag.isPresent() ? amdTag.get().get(m.pageAddr(p)) : amdTable.getOrDefault(p, 0L)) == tt) n++;
        return n;
    }

    public void amdgpuUnpopulate(long[] pfns) {
        for (long p : pfns) {
            if (amdTag.isPresent()) amdTag.get().set(m.pageAddr(p), 0);
            else amdTable.remove(p);
            release(amd, p);
        }
    }

    /** A driver page carrying a cookie. */
    public long privatePage(long cookie) {
        long pfn = page(drv);
        if (priv.isPresent()) priv.get().set(m.pageAddr(pfn), cookie);
        else drvTable.put(pfn, cookie);
        return pfn;
    }

    public long cookie(long pfn) {
        return priv.isPresent() ? priv.get().get(m.pageAddr(pfn)) : drvTable.getOrDefault(pfn, 0L);
    }

    /** Drops the driver's reference (get_page()/put_page() pairs happen while it is in use). */
    public void freePrivate(long pfn) {
        ref.ifPresent(f -> {
            if (f.get(m.pageAddr(pfn)) != 1) throw new ModelFailure("drivers_private", f.name(), pfn, "driver page refcount is not 1 at free");
        });
        if (priv.isPresent()) priv.get().set(m.pageAddr(pfn), 0);
        else drvTable.remove(pfn);
        release(drv, pfn);
    }
}
