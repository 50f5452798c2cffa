package memdesc.bufferhead;

import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.slab.Slab;

/**
 * Buffer heads (fs/buffer.c): a file folio's blocks described by {@code struct buffer_head} objects of
 * the buffer_head slab cache, a ring through {@code b_this_page}, each pointing back at its memory by
 * {@code b_page} (which is {@code &folio->page}: a cast between folio and page) or, once converted,
 * {@code b_folio}; the folio points at the first through {@code private} with PG_private set.
 */
public final class BufferHeads {
    private final Machine m;
    private final Folios folios;
    private final Slab slab;
    private final Field back, thisPage, state, data, priv, flags;
    private final Field folioPage;
    private final boolean bPage, pp, pf;
    private final Slab.Cache cache;

    public BufferHeads(Machine m, Folios folios, Slab slab) {
        this.m = m;
        this.folios = folios;
        this.slab = slab;
        Binding b = m.bind("buffer_head");
        back = b.field("buffer_head.b_folio", "buffer_head.b_page");
        bPage = back.name().endsWith("b_page");
        folioPage = bPage ? b.optional("folio.page").orElse(null) : null;
        thisPage = b.field("buffer_head.b_this_page");
        state = b.field("buffer_head.b_state");
        data = b.field("buffer_head.b_data");
        priv = b.field("folio.private", "page.private");
        flags = b.field("folio.flags", "page.flags");
        pp = priv.name().startsWith("page.");
        pf = flags.name().startsWith("page.");
        cache = slab.create("buffer_head", (int) m.layouts().sizeOf("buffer_head"), false);
    }

    private long target(long folio) {
        if (!bPage) return folio;
        return folioPage != null ? folios.folioPage(folioPage, folio) : folios.page(folio, 0); // folio_page(folio, 0)
    }

    private long pb(long folio) {
        return pp ? folios.page(folio, 0) : folio;
    }

    private long fb(long folio) {
        return pf ? folios.page(folio, 0) : folio;
    }

    static final long BH_Uptodate = 1, BH_Mapped = 1 << 5;

    /** create_empty_buffers(): n buffers covering the folio's first page, {@code block} their state seed. */
    public void attach(long folio, int n, long block) {
        if (priv.get(pb(folio)) != 0) throw new ModelFailure("buffer_head", priv.name(), folios.pfn(folio), "folio already has buffers");
        long firstBh = 0, prev = 0;
        long t = target(folio);
        for (int i = 0; i < n; i++) {
            long bh = slab.alloc(cache, 0);
            back.set(bh, t);
            state.set(bh, BH_Mapped | ((block + i) & 1) * BH_Uptodate);
            data.set(bh, Machine.virt(folios.pfn(folio)) + (4096L / n) * i);
            if (prev != 0) thisPage.set(prev, bh);
            else firstBh = bh;
            prev = bh;
        }
        thisPage.set(prev, firstBh);
        priv.set(pb(folio), firstBh);
        flags.set(fb(folio), flags.get(fb(folio)) | 1L << Machine.PG_private);
    }

    public boolean hasBuffers(long folio) {
        return (flags.get(fb(folio)) & (1L << Machine.PG_private)) != 0;
    }

    /** Walks the ring: every buffer points back at this folio and into its memory. Returns {count, uptodate}. */
    public long[] walk(long folio) {
        long firstBh = priv.get(pb(folio));
        long t = target(folio);
        long n = 0, sum = 0;
        long bh = firstBh;
        do {
            if (back.get(bh) != t)
                throw new ModelFailure("buffer_head", back.name(), folios.pfn(folio), "buffer does not point back at its folio");
            long d = data.get(bh) - Machine.virt(folios.pfn(folio));
            if (d < 0 || d >= 4096) throw new ModelFailure("buffer_head", data.name(), folios.pfn(folio), "b_data points outside the folio");
            n++;
            sum += state.get(bh) & BH_Uptodate;
            bh = thisPage.get(bh);
            if (n > 64) throw new ModelFailure("buffer_head", thisPage.name(), folios.pfn(folio), "b_this_page ring does not close");
        } while (bh != firstBh);
        return new long[] {n, sum};
    }

    /** try_to_free_buffers(). */
    public int detach(long folio) {
        long firstBh = priv.get(pb(folio));
        long bh = firstBh;
        int n = 0;
        do {
            long nx = thisPage.get(bh);
            slab.free(bh);
            n++;
            bh = nx;
        } while (bh != firstBh);
        priv.set(pb(folio), 0);
        flags.set(fb(folio), flags.get(fb(folio)) & ~(1L << Machine.PG_private));
        return n;
    }

    /** buffer_migrate_folio(): the buffers move to the new folio. */
    public void migrate(long old, long neu) {
        long firstBh = priv.get(pb(old));
        long t = target(neu);
        long bh = firstBh;
        long shift = Machine.virt(folios.pfn(neu)) - Machine.virt(folios.pfn(old));
        do {
            back.set(bh, t);
            data.set(bh, data.get(bh) + shift);
            bh = thisPage.get(bh);
        } while (bh != firstBh);
        priv.set(pb(neu), firstBh);
        flags.set(fb(neu), flags.get(fb(neu)) | 1L << Machine.PG_private);
        priv.set(pb(old), 0);
        flags.set(fb(old), flags.get(fb(old)) & ~(1L << Machine.PG_private));
    }
}
