package memdesc.lru;

import memdesc.memcg.Memcg;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Folios;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;

import java.util.Optional;

/**
 * release_pages() and folios_put() (mm/swap.c): drop a reference on each entry of a batch; a folio whose
 * last reference goes is taken off the LRU, uncharged and freed. Callers holding folios fill a
 * {@code struct folio_batch} in memory; while {@code release_pages_arg} still has its {@code folios}
 * member, folios_put() hands the batch's array to release_pages() through it. Callers holding pages pass
 * an array of {@code struct page *} through {@code release_pages_arg.pages}, and release_pages() finds
 * each folio with page_folio().
 */
public final class ReleasePages {
    public static final int PAGEVEC_SIZE = 31;
    private final Machine m;
    private final Folios folios;
    private final Lru lru;
    private final Memcg memcg;
    private final Field argPages, nr, batchFolios;
    private final Optional<Field> argFolios;
    private final long arg;
    private final long array;

    public ReleasePages(Machine m, Folios folios, Lru lru, Memcg memcg) {
        this.m = m;
        this.folios = folios;
        this.lru = lru;
        this.memcg = memcg;
        Binding b = m.bind("release_pages");
        argPages = b.field("release_pages_arg.pages");
        argFolios = b.optional("release_pages_arg.folios");
        nr = b.field("folio_batch.nr");
        batchFolios = b.field("folio_batch.folios");
        arg = m.mem.kalloc(8, 8);                                   // the transparent union, passed by value
        array = m.mem.kalloc(8L * PAGEVEC_SIZE, 8);                 // a caller's page array
    }

    /** folio_batch_init() + folio_batch_add() in a batch object of static data; returns its address. */
    public long newBatch() {
        long fb = m.mem.kalloc(m.layouts().sizeOf("folio_batch"), 8);
        nr.set(fb, 0);
        return fb;
    }

    /** folio_batch_add(); returns the slots left. */
    public int add(long fb, long folio) {
        int n = (int) nr.get(fb);
        if (n >= PAGEVEC_SIZE) throw new ModelFailure("release_pages", nr.name(), -1, "folio_batch is full");
        m.mem.write64(batchFolios.addr(fb) + 8L * n, folio);
        nr.set(fb, n + 1);
        return PAGEVEC_SIZE - n - 1;
    }

    /** folios_put(): releases the batch and empties it; returns how many folios it freed. */
    public int foliosPut(long fb) {
        int n = (int) nr.get(fb);
        long base = batchFolios.addr(fb);
        int freed;
        if (argFolios.isPresent()) {
            argFolios.get().set(arg, base);               // release_pages(fbatch->folios, nr)
            freed = release(argFolios.get().get(arg), n, false);
        } else {
            freed = release(base, n, false);
        }
        nr.set(fb, 0);
        return freed;
    }

    /** release_pages() on an array of pages (of the folios given, as a caller holding pages has them). */
    public int releasePageArray(long[] fs) {
        for (int i = 0; i < fs.length; i++) m.mem.write64(array + 8L * i, folios.page(fs[i], 0));
        argPages.set(arg, array);
        return release(argPages.get(arg), fs.length, true);
    }

    private int release(long entries, int n, boolean pages) {
        int freed = 0;
        for (int i = 0; i < n; i++) {
            long e = m.mem.read64(entries + 8L * i);
            long folio = pages ? m.helpers.pageFolio(e) : e;
            if (folio == 0) throw new ModelFailure("release_pages", null, m.pfnOfAddress(e), "batch entry is not in a folio");
            if (folios.put(folio) > 0) continue;
            if (lru.onLru(folio)) lru.del(folio);
            if (memcg != null) memcg.uncharge(folio);
            folios.free(folio);
            freed++;
        }
        return freed;
    }
}
