package memdesc.model;

import java.util.List;

/**
 * The core helpers, one Java implementation per regime the Path describes, chosen by the state
 * ({@code State.helper(name, default)}): compound-head based in the baseline, memdesc based after the
 * shrink. Seed 001's two-word page adds two: {@code allocator} (PageTail, compound_head, page_slab, PageBuddy
 * read the allocator word: a struct slab pointer, or the buddy allocation's order and free bit) and
 * {@code allocatee} (page_folio reads the type-tagged allocatee word). The regime is resolved once; an
 * unknown regime fails the run when the helper is first used.
 */
public final class Helpers {
    private final Machine m;
    final String pageFolio, pageTail, compoundHead, pageSlab, pageBuddy, getPage, lockPage, pageZone;
    private final Field fRef, fFlags, fPfn, sType, sAddress;
    private final Field zFlags;
    private final Binding zb;
    // The regimes and the type table decided once, as booleans: these helpers run on every page touched.
    private final boolean folioMd, tailMd, headMd, buddyType, getMd, lockMd;
    private final boolean tailAl, headAl, buddyAl;    // seed 001's allocator word decides
    private final int slabRegime;           // 0 memdesc, 1 compound_head, 2 page_type, 3 allocator
    private final boolean[] folioCode = new boolean[16], slabCode = new boolean[16], miscCode = new boolean[16];
    /** Calls of each helper in this machine's run (Coverage.HELPERS order): a helper never called is untested. */
    final long[] calls = new long[Coverage.HELPERS.size()];
    final Coverage cov = Coverage.current();     // null unless run --coverage asked

    /** The helpers this class reads from every state (put_page goes with get_page): all of them matter to the model. */
    public static final java.util.Set<String> READ = java.util.Set.of("page_folio", "PageTail", "compound_head", "page_slab",
            "PageBuddy", "get_page", "put_page", "lock_page", "page_zone");

    Helpers(Machine m) {
        this.m = m;
        var s = m.state;
        pageFolio = regime("page_folio", s.helper("page_folio", "compound_head"), "compound_head", "memdesc", "allocatee");
        pageTail = regime("PageTail", s.helper("PageTail", "compound_head"), "compound_head", "memdesc", "allocator");
        compoundHead = regime("compound_head", s.helper("compound_head", "compound_head"), "compound_head", "memdesc", "allocator");
        pageSlab = regime("page_slab", s.helper("page_slab", "page_type"), "page_type", "compound_head", "memdesc", "allocator");
        pageBuddy = regime("PageBuddy", s.helper("PageBuddy", "page_type"), "page_type", "memdesc", "allocator");
        // seed 001's regimes read the two-word page's words: a state without them cannot run them
        for (String h : List.of("page_folio", "PageTail", "compound_head", "page_slab", "PageBuddy")) {
            String r = regime(h);
            if ((r.equals("allocatee") || r.equals("allocator")) && !m.allocateeWord)
                throw ModelFailure.of("helper " + h + "() is '" + r + "', which reads page->" + r
                        + " of seed 001's two-word struct page, but this state's struct page has no allocator and allocatee words");
        }
        getPage = regime("get_page", s.helper("get_page", s.helper("put_page", "refcount")), "refcount", "memdesc");
        lockPage = regime("lock_page", s.helper("lock_page", "flags"), "flags", "memdesc");
        pageZone = regime("page_zone", s.helper("page_zone", "flags"), "flags", "pfn");
        Binding c = m.core();
        fRef = c.field("folio._refcount");
        fFlags = c.field("folio.flags");
        fPfn = c.field("folio.pfn");
        sType = null;
        sAddress = m.state().enabled("slab") && m.state().separate("slab") ? m.bind("slab").field("slab.address") : c.field("slab.address");
        zb = m.state.users().containsKey("page_zone") && !m.state.disabled().containsKey("page_zone")
                ? m.bind("page_zone") : c;
        zFlags = pageZone.equals("flags") ? zb.field("page.flags") : null;
        folioMd = pageFolio.equals("memdesc") || pageFolio.equals("allocatee");
        tailMd = pageTail.equals("memdesc");
        headMd = compoundHead.equals("memdesc");
        tailAl = pageTail.equals("allocator");
        headAl = compoundHead.equals("allocator");
        buddyAl = pageBuddy.equals("allocator");
        slabRegime = pageSlab.equals("memdesc") ? 0 : pageSlab.equals("compound_head") ? 1 : pageSlab.equals("allocator") ? 3 : 2;
        buddyType = pageBuddy.equals("page_type");
        getMd = getPage.equals("memdesc");
        lockMd = lockPage.equals("memdesc");
        for (int code = 0; code < 16; code++) {
            String n = m.typeName(code);
            folioCode[code] = "file".equals(n) || "anon".equals(n);
            slabCode[code] = "slab".equals(n);
            miscCode[code] = "misc".equals(n);
        }
        if (cov != null) cov.regimes(this);
    }

    /** Counts a call (and, under coverage, the kind of page it was made on). */
    private void call(int helper, long page) {
        calls[helper]++;
        if (cov != null) cov.hit(helper, Coverage.kind(m, this, page));
    }

    /** The calls of each helper so far, by name. */
    public java.util.Map<String, Long> calls() {
        java.util.Map<String, Long> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < calls.length; i++) out.put(Coverage.HELPERS.get(i), calls[i]);
        return out;
    }

    /** PageTail() without counting a call (the coverage table classifies pages with it). */
    boolean tailQuiet(long page) {
        return pageTailImpl(page);
    }

    private static String regime(String helper, String impl, String... known) {
        if (List.of(known).contains(impl)) return impl;
        throw ModelFailure.of("helper " + helper + "() has no implementation '" + impl + "' in the model (it has: "
                + String.join(", ", known) + ")");
    }

    private long md(long page) {
        return m.pMemdesc.get(page);
    }

    private boolean isFolioCode(int code) {
        return folioCode[code & 15];
    }

    /** page_folio(): the folio a page belongs to; 0 (NULL) for a non-folio in the memdesc regime. */
    public long pageFolio(long page) {
        call(Coverage.PAGE_FOLIO, page);
        return pageFolioImpl(page);
    }

    private long pageFolioImpl(long page) {
        if (folioMd) {
            long md = md(page);
            return isFolioCode((int) md & 15) ? md & ~15L : 0;
        }
        long ch = m.pCompound.get(page);
        return (ch & 1) != 0 ? ch - 1 : page;
    }

    /** PageTail(). */
    public boolean pageTail(long page) {
        call(Coverage.PAGE_TAIL, page);
        return pageTailImpl(page);
    }

    private boolean pageTailImpl(long page) {
        if (tailAl) {
            long a = m.pAllocator.get(page);
            if (Machine.allocIsSlab(a)) return Machine.virt(m.pfn(page)) != sAddress.get(a & ~Machine.ALLOC_SLAB);
            if (Machine.allocIsBuddy(a)) return (m.pfn(page) & ((1L << Machine.allocOrder(a)) - 1)) != 0;
            return false;
        }
        if (!tailMd) return (m.pCompound.get(page) & 1) != 0;
        long md = md(page);
        int c = (int) md & 15;
        long desc = md & ~15L;
        if (folioCode[c]) return m.realPfn(m.pfn(page)) != fPfn.get(desc);
        if (slabCode[c]) return Machine.virt(m.pfn(page)) != sAddress.get(desc);
        if (miscCode[c]) return Machine.miscTail(md);
        return false;
    }

    /** compound_head(): a BUG on a folio or slab page in the memdesc regime. */
    public long compoundHead(long page) {
        call(Coverage.COMPOUND_HEAD, page);
        return compoundHeadImpl(page);
    }

    private long compoundHeadImpl(long page) {
        if (headAl) {
            // 001: the allocator word keeps the order of the allocation "like compound order today", so
            // the head of any buddy allocation (a folio's included) is the PFN rounded down to it
            long a = m.pAllocator.get(page);
            if (Machine.allocIsSlab(a)) return m.pageAddr(m.mem.virtToPfn(sAddress.get(a & ~Machine.ALLOC_SLAB)));
            if (Machine.allocIsBuddy(a)) return m.pageAddr(m.pfn(page) & ~((1L << Machine.allocOrder(a)) - 1));
            return page;
        }
        if (!headMd) {
            long ch = m.pCompound.get(page);
            return (ch & 1) != 0 ? ch - 1 : page;
        }
        long md = md(page);
        int c = (int) md & 15;
        if (folioCode[c] || slabCode[c]) {
            String t = m.typeName(c);
            throw new ModelFailure(null, "page.memdesc", m.pfn(page), "BUG: compound_head() called on a page that belongs to a " + t
                    + (t.equals("slab") ? "" : " folio"));
        }
        if (miscCode[c] && Machine.miscTail(md)) {
            long pfn = m.pfn(page);
            return m.pageAddr(pfn & ~((1L << Machine.miscOrder(md)) - 1));
        }
        return page;
    }

    /** page_slab(): the struct slab of a slab page, or 0. */
    public long pageSlab(long page) {
        call(Coverage.PAGE_SLAB, page);
        switch (slabRegime) {
            case 0: {
                long md = md(page);
                return slabCode[(int) md & 15] ? md & ~15L : 0;
            }
            case 1: {
                // every page of a slab carries the slab type and points at its separately allocated struct slab
                if ((m.pType.get(page) >>> 24) != Machine.PGTY_slab) return 0;
                long ch = m.pCompound.get(page);
                return (ch & 1) != 0 ? ch - 1 : page;
            }
            case 3: {
                long a = m.pAllocator.get(page);
                return Machine.allocIsSlab(a) ? a & ~Machine.ALLOC_SLAB : 0;
            }
            default: {
                long head = compoundHeadImpl(page);
                return (m.pType.get(head) >>> 24) == Machine.PGTY_slab ? head : 0;
            }
        }
    }

    /** PageBuddy(): the page heads a free block in the buddy allocator. */
    public boolean pageBuddy(long page) {
        call(Coverage.PAGE_BUDDY, page);
        if (buddyType) return (m.pType.get(page) >>> 24) == Machine.PGTY_buddy;
        if (buddyAl) {
            long a = m.pAllocator.get(page);
            return Machine.allocIsBuddy(a) && (a & Machine.ALLOC_FREE) != 0;
        }
        long md = md(page);
        return md != m.freeValue && m.isBuddyCode((int) md & 15);   // inside a free block: the bare Buddy code
    }

    /** The refcount word get_page()/put_page() use for this page: its descriptor's or its head page's. */
    private long refBase(long page, boolean[] folio) {
        if (getMd) {
            long md = md(page);
            if (isFolioCode((int) md & 15)) {
                folio[0] = true;
                return md & ~15L;
            }
            return compoundHeadImpl(page);
        }
        return compoundHeadImpl(page);
    }

    public int getPage(long page) {
        call(Coverage.GET_PAGE, page);
        boolean[] f = {false};
        long b = refBase(page, f);
        if (!f[0] && !m.pRef.ok()) return 1; // Misc pages are not refcounted once struct page has no _refcount
        return f[0] ? fRef.addInt(b, 1) : m.pRef.addInt(b, 1);
    }

    /** put_page(); returns the new count (the caller frees at zero). */
    public int putPage(long page) {
        call(Coverage.PUT_PAGE, page);
        boolean[] f = {false};
        long b = refBase(page, f);
        if (!f[0] && !m.pRef.ok()) return 1;
        int v = f[0] ? fRef.addInt(b, -1) : m.pRef.addInt(b, -1);
        if (v < 0) throw new ModelFailure(null, "_refcount", m.pfn(page), "put_page() took a refcount below zero");
        return v;
    }

    public int pageCount(long page) {
        boolean[] f = {false};
        long b = refBase(page, f);
        return f[0] ? fRef.getInt(b) : m.pRef.getInt(b);
    }

    private long lockWord(long page, Field[] which) {
        if (lockMd) {
            long folio = pageFolioImpl(page);
            if (folio == 0) throw new ModelFailure(null, "page.memdesc", m.pfn(page), "lock_page() on a page that is not in a folio");
            which[0] = fFlags;
            return folio;
        }
        which[0] = m.pFlags;
        return compoundHeadImpl(page);
    }

    public void lockPage(long page) {
        call(Coverage.LOCK_PAGE, page);
        Field[] w = new Field[1];
        long b = lockWord(page, w);
        long f = w[0].get(b);
        if ((f & (1L << Machine.PG_locked)) != 0)
            throw new ModelFailure(null, w[0].name, m.pfn(page), "lock_page() on a locked page: deadlock");
        w[0].set(b, f | 1L << Machine.PG_locked);
    }

    public void unlockPage(long page) {
        call(Coverage.UNLOCK_PAGE, page);
        Field[] w = new Field[1];
        long b = lockWord(page, w);
        long f = w[0].get(b);
        if ((f & (1L << Machine.PG_locked)) == 0)
            throw new ModelFailure(null, w[0].name, m.pfn(page), "unlock_page() on a page that is not locked");
        w[0].set(b, f & ~(1L << Machine.PG_locked));
    }

    public boolean pageLocked(long page) {
        Field[] w = new Field[1];
        long b = lockWord(page, w);
        return (w[0].get(b) & (1L << Machine.PG_locked)) != 0;
    }

    /** page_zone(): from the zone bits of page->flags, or from the PFN and the zone span table. */
    public Machine.Zone pageZone(long page) {
        call(Coverage.PAGE_ZONE, page);
        return pageZoneImpl(page);
    }

    private Machine.Zone pageZoneImpl(long page) {
        if (zFlags != null) {
            long f = zFlags.get(page);
            return m.zone((int) (f >>> Machine.ZONE_SHIFT) & 3, (int) (f >>> Machine.NODE_SHIFT) & 0x3f);
        }
        return m.zoneOfPfn(m.pfn(page));
    }

    public int pageToNid(long page) {
        call(Coverage.PAGE_TO_NID, page);
        return pageZoneImpl(page).nid();
    }

    /** The binding page_zone() reads through (the page_zone user when the state has it). */
    Binding zoneBinding() {
        return zb;
    }

    public String regime(String helper) {
        return switch (helper) {
            case "page_folio" -> pageFolio;
            case "PageTail" -> pageTail;
            case "compound_head" -> compoundHead;
            case "page_slab" -> pageSlab;
            case "PageBuddy" -> pageBuddy;
            case "get_page", "put_page" -> getPage;
            case "lock_page", "unlock_page" -> lockPage;
            case "page_zone", "page_to_nid" -> pageZone;
            default -> throw new IllegalArgumentException(helper);
        };
    }
}
