package memdesc.lru;

import memdesc.memcg.Memcg;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;

import java.util.Optional;

/**
 * release_pages() (mm/swap.c): drops a reference on each folio of a batch; a folio whose last reference
 * goes is taken off the LRU, uncharged and freed. While the batch is still an array of pages
 * ({@code release_pages_arg} holding {@code struct page *}), callers convert with {@code &folio->page}
 * and release_pages() goes back with page_folio(); once the folio is removed from release_pages_arg the
 * batch holds folios.
 */
public final class ReleasePages {
    private final Machine m;
    private final Folios folios;
    private final Lru lru;
    private final Memcg memcg;
    private final Optional<Field> folioPage;
    private final Field flags;
    private final boolean pf;

    public ReleasePages(Machine m, Folios folios, Lru lru, Memcg memcg) {
        this.m = m;
        this.folios = folios;
        this.lru = lru;
        this.memcg = memcg;
        Binding b = m.bind("release_pages");
        folioPage = b.optional("folio.page");
        flags = b.field("folio.flags", "page.flags");
        pf = flags.name().startsWith("page.");
    }

    /** Builds the batch as the callers do: pages (via &folio->page) or folios. */
    public long[] batch(long[] fs) {
        if (folioPage.isEmpty()) return fs.clone();
        long[] out = new long[fs.length];
        for (int i = 0; i < fs.length; i++) out[i] = folios.folioPage(folioPage.get(), fs[i]);
        return out;
    }

    /** release_pages(); returns how many folios it freed. */
    public int release(long[] batch) {
        int freed = 0;
        for (long e : batch) {
            long folio = folioPage.isPresent() ? m.helpers.pageFolio(e) : e;
            if (folio == 0) throw new ModelFailure("release_pages", null, m.pfnOfAddress(e), "batch entry is not in a folio");
            if (folios.put(folio) > 0) continue;
            if ((flags.get(pf ? folios.page(folio, 0) : folio) & (1L << Machine.PG_lru)) != 0) lru.del(folio);
            if (memcg != null) memcg.uncharge(folio);
            folios.free(folio);
            freed++;
        }
        return freed;
    }
}
