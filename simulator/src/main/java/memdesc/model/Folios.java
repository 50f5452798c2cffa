package memdesc.model;

/**
 * Folios as the core allocates them (folio_alloc / free_folio): the pages from the page allocator, the
 * descriptor overlaid on the head page or allocated from the folio descriptor cache, every page pointed at
 * it ({@link Machine#attach}); order, PFN and refcount where the state's struct folio keeps them.
 */
public final class Folios {
    private final Machine m;
    private final boolean separate;
    private final Field flags, ref, mapcount, mapping, order, flags1, pfn;
    private final long descSize;

    public Folios(Machine m) {
        this.m = m;
        this.separate = m.separate("folio");
        Binding c = m.core();
        flags = c.field("folio.flags");
        ref = c.field("folio._refcount");
        mapcount = c.field("folio._mapcount");
        mapping = c.field("folio.mapping");
        order = c.field("folio.order", "folio._folio_order");
        flags1 = c.field("folio._flags_1");
        pfn = c.field("folio.pfn");
        descSize = separate ? m.layouts.sizeOf(m.structOf("folio")) : 0;
        if (separate && !pfn.ok() && !m.isPage(0))
            ; // reported on first use: a separate folio needs folio->pfn
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
            pfn.set(folio, p);
        } else {
            folio = head;
            long f = flags.get(folio) & ~0x3fffffL;
            flags.set(folio, ord > 0 ? f | 1L << Machine.PG_head : f);
        }
        if (order.ok()) order.set(folio, ord);
        else if (ord > 0) flags1.set(folio, (flags1.get(folio) & ~0xffL) | ord);
        ref.set(folio, 1);
        mapcount.set(folio, 0xffffffffL);
        m.attach(p, 1L << ord, folio, kind == Owner.ANON ? "anon" : "file");
        if (separate && m.pRef.ok()) for (long i = 0; i < (1L << ord); i++) m.pRef.set(m.pageAddr(p + i), 0); // "0 for folios"
        if (m.pMapcount.ok() && (separate || ord > 0))
            for (long i = separate ? 0 : 1; i < (1L << ord); i++) m.pMapcount.set(m.pageAddr(p + i), 0xffffffffL);
        return folio;
    }

    /** The folio's first PFN: the head page's, or folio->pfn for a separately allocated folio. */
    public long pfn(long folio) {
        return separate ? pfn.get(folio) : m.pfn(folio);
    }

    public int order(long folio) {
        if (order.ok()) return (int) order.get(folio);
        if ((flags.get(folio) & (1L << Machine.PG_head)) == 0) return 0;
        return (int) (flags1.get(folio) & 0xff);
    }

    public long nrPages(long folio) {
        return 1L << order(folio);
    }

    /** folio_page(folio, n). */
    public long page(long folio, long n) {
        return m.pageAddr(pfn(folio) + n);
    }

    public long flags(long folio) {
        return flags.get(folio);
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
            throw new ModelFailure(folioPage.owner.user, folioPage.name, pfn.ok() ? pfn.get(folio) : -1,
                    "user '" + folioPage.owner.user + "' takes &folio->page, but folios are separately allocated in this state: "
                            + "0x" + Long.toHexString(a) + " is not a struct page");
        return a;
    }

    /** free_folio(): checks what free_page_is_bad() checks, undoes the encoding, frees pages and descriptor. */
    public void free(long folio) {
        long p = pfn(folio);
        int ord = order(folio);
        if (mapping.get(folio) != 0)
            throw new ModelFailure(null, "folio.mapping", p, "bad page: freeing a folio with non-NULL mapping");
        if (ref.getInt(folio) != 0)
            throw new ModelFailure(null, "folio._refcount", p, "bad page: freeing a folio with refcount " + ref.getInt(folio));
        if ((flags.get(folio) & (1L << Machine.PG_lru)) != 0)
            throw new ModelFailure(null, "folio.flags", p, "bad page: freeing a folio still on an LRU list");
        m.detach(p, 1L << ord);
        if (separate) {
            m.descs().free("folio", folio);
        } else {
            flags.set(folio, flags.get(folio) & ~0x3fffffL);
            mapcount.set(folio, 0xffffffffL);
        }
        m.pages().free(p, ord);
    }

    public long descriptorSize() {
        return descSize;
    }
}
