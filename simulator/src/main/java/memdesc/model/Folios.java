package memdesc.model;

/**
 * Folios as the core allocates them (folio_alloc / free_folio): the pages from the page allocator, the
 * descriptor overlaid on the head page or allocated from the folio descriptor cache, every page pointed at
 * it ({@link Machine#attach}); size ({@code _folio_nr_pages} of a large folio, later {@code order}),
 * PFN and refcount where the state's struct folio keeps them. Accesses are the core user's.
 */
public final class Folios {
    private final Machine m;
    private final Binding core;
    private final boolean separate;
    private final Field flags, ref, order, nrPages, pfn, pin;
    private final boolean pinLarge;     // _pincount lives in the first tail page: large folios only

    public Folios(Machine m) {
        this.m = m;
        this.core = m.core();
        this.separate = m.separate("folio");
        flags = core.field("folio.flags");
        ref = core.field("folio._refcount");
        order = core.field("folio.order");
        nrPages = core.field("folio._folio_nr_pages");
        pfn = core.field("folio.pfn");
        pin = core.field("folio._pincount", "folio.pincount", "folio.hpinned_count");
        pinLarge = pin.name().equals("folio._pincount");
    }

    public boolean separate() {
        return separate;
    }

    /** folio_alloc(): a folio of 2^order pages for anon or file memory; 0 if memory is exhausted. */
    public long alloc(int ord, Owner kind) {
        long p = m.pages().alloc(ord, kind);
        if (p < 0) return 0;
        long head = m.pageAddr(p);
        long folio;
        if (separate) {
            folio = m.descs().alloc("folio");
            // "we copy page->flags from the first page to the folio" (zone/node bits)
            flags.set(folio, m.pFlags.ok() ? m.pFlags.get(head) & ~0x3fffffL : 0);
            pfn.set(folio, m.realPfn(p));      // folio->pfn holds the real PFN
        } else {
            folio = head;
            long f = flags.get(folio) & ~0x3fffffL;
            flags.set(folio, ord > 0 ? f | 1L << Machine.PG_head : f);
        }
        if (order.ok()) order.set(folio, ord);
        else if (ord > 0) nrPages.set(folio, 1L << ord);
        if (!pinLarge || ord > 0) pin.set(folio, 0);       // prep_compound_head(): no FOLL_PIN pins yet
        ref.set(folio, 1);
        m.attach(core, p, 1L << ord, folio, kind == Owner.ANON ? "anon" : "file");
        if (separate && m.pRef.ok()) for (long i = 0; i < (1L << ord); i++) m.pRef.set(m.pageAddr(p + i), 0); // "0 for folios"
        if (m.pMapcount.ok()) for (long i = 0; i < (1L << ord); i++) m.pMapcount.set(m.pageAddr(p + i), 0xffffffffL);
        return folio;
    }

    /** The folio's first PFN: the head page's, or folio->pfn for a separately allocated folio. */
    public long pfn(long folio) {
        return separate ? m.framePfn(pfn.get(folio)) : m.pfn(folio);
    }

    public int order(long folio) {
        if (order.ok()) return (int) order.get(folio);
        if ((flags.get(folio) & (1L << Machine.PG_head)) == 0) return 0;
        return 63 - Long.numberOfLeadingZeros(nrPages.get(folio));
    }

    public long nrPages(long folio) {
        return 1L << order(folio);
    }

    /** folio_page(folio, n): computed from the PFN, valid however the folio is allocated. */
    public long page(long folio, long n) {
        return m.pageAddr(pfn(folio) + n);
    }

    public int refcount(long folio) {
        return ref.getInt(folio);
    }

    public void get(long folio) {
        ref.addInt(folio, 1);
    }

    /** folio_put(); returns the new count. At zero the caller frees. */
    public int put(long folio) {
        int v = ref.addInt(folio, -1);
        if (v < 0) throw new ModelFailure(null, "folio._refcount", pfn(folio), "folio refcount went below zero");
        return v;
    }

    /**
     * {@code &folio->page} through a user's {@code folio.page} binding: a struct page only while folios are
     * overlaid on the memmap; for a separately allocated folio the result is not a struct page.
     */
    public long folioPage(Field folioPage, long folio) {
        long a = folioPage.addr(folio);
        if (!m.isPage(a))
            throw new ModelFailure(folioPage.owner.user, folioPage.name, pfn.ok() ? m.placement.dense(pfn.get(folio)) : -1,
                    "user '" + folioPage.owner.user + "' takes &folio->page, but folios are separately allocated in this state: "
                            + "0x" + Long.toHexString(a) + " is not a struct page");
        return a;
    }

    /** free_folio(): checks what free_page_is_bad() checks, undoes the encoding, frees pages and descriptor. */
    public void free(long folio) {
        long p = pfn(folio);
        int ord = order(folio);
        if (ref.getInt(folio) != 0)
            throw new ModelFailure(null, "folio._refcount", p, "bad page: freeing a folio with refcount " + ref.getInt(folio));
        if ((flags.get(folio) & (1L << Machine.PG_lru)) != 0)
            throw new ModelFailure(null, "folio.flags", p, "bad page: freeing a folio still on an LRU list");
        if ((!pinLarge || ord > 0) && pin.getInt(folio) != 0)          // free_tail_page_prepare()
            throw new ModelFailure(null, pin.name(), p, "bad page: freeing a folio with nonzero pincount " + pin.getInt(folio));
        // free_tail_page_prepare() then sets each tail's mapping word to NULL, and _pincount is in the first
        // tail's: its next owner finds zeros there, written by no member of its own
        if (pinLarge && ord > 0) m.forget(pin.addr(folio), 4);
        m.detach(core, p, 1L << ord);
        if (separate) m.descs().free("folio", folio);
        else flags.set(folio, flags.get(folio) & ~0x3fffffL);
        m.pages().free(p, ord);
    }

    /** Gives up the folio's descriptor and encoding, keeping its pages (memory failure splits it). */
    public void dissolve(long folio) {
        long p = pfn(folio);
        m.detach(core, p, nrPages(folio));
        if (separate) m.descs().free("folio", folio);
        else flags.set(folio, flags.get(folio) & ~0x3fffffL);
    }
}
