package memdesc.buddy;

import memdesc.memory.PhysMem;
import memdesc.model.Binding;
import memdesc.model.Field;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;
import memdesc.model.PageAllocator;

import java.util.List;

/**
 * The buddy allocator (mm/page_alloc.c) with per-cpu page lists for orders 0-3, working on the memmap:
 * free blocks are linked through {@code page->buddy_list} (or, in the 8-byte page, through the PFN
 * fields of {@code struct buddy} in {@code page->memdesc}); the order of a free block is kept where
 * the state's {@code buddy_order} helper says: {@code page->private} of the head (baseline), five bits of
 * {@code page->flags} (32-byte page; stored as order+1 so that 0 means "not a free head"), the second
 * page's Misc memdesc (16-byte page), or the buddy descriptor. Blocks merge on free and split on alloc.
 * One CPU, one pcp per zone; the hot path allocates nothing.
 *
 * <p>The allocator's own bookkeeping is in simulated memory too, where the kernel keeps it: the list heads
 * and each list's count (free_area's nr_free, per_cpu_pages' count) in static data, and whether a free
 * page is on a pcp list in the page where the page can say it (not PageBuddy; no order bits). The 16- and
 * 8-byte pages cannot: their free pages all read as buddy memory. There a bitmap beside the pcp lists, one
 * bit per frame in static data, says it (the seeds do not say where this goes: the model's assumption).
 */
public final class Buddy implements PageAllocator {
    public static final int PCP_MAX_ORDER = 3;
    static final int PCP_HIGH = 512, PCP_BATCH = 64;

    private final Machine m;
    private final PhysMem mem;
    private final Binding b;
    private static final int ORDER_PRIVATE = 0, ORDER_FLAGS = 1, ORDER_MEMDESC = 2, ORDER_ALLOCATOR = 3;
    private final int orderKind;            // helper buddy_order() decided once: the hot path switches on an int
    private final boolean pfnLists;
    private final boolean pageTypeMark;
    private final Lists lists;
    private final Field fPrivate, fFlags, fMemdesc, fType, fRef, bOrder, fCheck, fAlloc;
    private final boolean overlay;   // the buddy list overlays page->memdesc
    private final List<Machine.Zone> zones;
    /** free_area[].nr_free per free list (by freeList), then per_cpu_pages' count per pcp list (by pcpSlot). */
    private final long counts;
    private final int pcpBase;              // word index of the first pcp count in counts
    /** The pcp bitmap (a bit per frame, static data) where free pages cannot say they are on a pcp list; else 0. */
    private final long pcpMap;
    private final int[] zoneOf;             // by block of 2^MAX_ORDER frames
    private final long[] zoneStart, zoneEnd;
    private final int nz;                   // zones.size(), read on every pcp operation
    private boolean typeTableChecked;

    /**
     * Whether the allocator reads {@code helper} in state {@code s}: buddy_order always, buddy_pfn only
     * when the free lists are PFN links in a buddy descriptor (buddy_order pfn_descriptor). Kept beside
     * the constructor that makes the same choices.
     */
    public static boolean reads(memdesc.steps.State s, String helper) {
        return switch (helper) {
            case "buddy_order" -> true;
            case "buddy_pfn" -> s.helper("buddy_order", "private").equals("pfn_descriptor");
            default -> false;
        };
    }

    public Buddy(Machine m) {
        this.m = m;
        this.mem = m.mem;
        this.b = m.bind("buddy");
        this.zones = m.zones();
        String orderRegime = m.state().helper("buddy_order", "private");
        if (!List.of("private", "flags", "tail_page", "pfn_descriptor", "allocator").contains(orderRegime))
            throw new ModelFailure("buddy", null, -1, "helper buddy_order() has no implementation '" + orderRegime
                    + "' in the model (it has: private, flags, tail_page, pfn_descriptor, allocator)");
        this.pfnLists = orderRegime.equals("pfn_descriptor");
        String pfnRegime = m.state().helper("buddy_pfn", "absolute");
        if (!List.of("absolute", "zone_relative").contains(pfnRegime))
            throw new ModelFailure("buddy", null, -1, "helper buddy_pfn() has no implementation '" + pfnRegime
                    + "' in the model (it has: absolute, zone_relative)");
        if (pfnRegime.equals("zone_relative") && !pfnLists)
            throw new ModelFailure("buddy", null, -1, "buddy_pfn() is zone_relative, but the free lists here link by pointers,"
                    + " not PFNs: zone-relative PFNs need a buddy descriptor that holds PFNs (buddy_order() pfn_descriptor)");
        this.orderKind = orderRegime.equals("private") ? ORDER_PRIVATE : orderRegime.equals("flags") ? ORDER_FLAGS
                : orderRegime.equals("allocator") ? ORDER_ALLOCATOR : ORDER_MEMDESC;
        // seed 001: the allocator word of every page of a block holds the allocation's order, and the free bit
        fAlloc = orderKind == ORDER_ALLOCATOR ? b.field("page.allocator") : null;
        var bd = m.state().descriptors().get("buddy");
        if (pfnLists && (bd == null || bd.placement() != memdesc.steps.Descriptor.Placement.MEMMAP))
            throw new ModelFailure("buddy", "buddy.prev", -1, "buddy_order() is pfn_descriptor: a free block's struct buddy is"
                    + " its head page's memdesc word, but this state places the buddy descriptor "
                    + (bd == null ? "nowhere (no allocate of descriptor buddy)" : bd.placement().name().toLowerCase(java.util.Locale.ROOT))
                    + ": allocate it with placement: memmap");
        boolean inBlock = !pfnLists && bd != null && bd.placement().name().equals("IN_BLOCK");
        this.pageTypeMark = m.helpers.regime("PageBuddy").equals("page_type");
        fPrivate = orderRegime.equals("private") ? b.field("page.private") : null;
        fFlags = orderRegime.equals("flags") ? b.field("page.flags") : null;
        fMemdesc = orderRegime.equals("tail_page") || pfnLists || (inBlock && fAlloc == null) ? b.get("page.memdesc") : null;
        fType = pageTypeMark ? b.field("page.page_type") : null;
        fRef = b.regime("the page refcount the allocator sets at allocation and checks at free", "page._refcount").orElse(null);
        fCheck = b.regime("the bad-page check of the flags at free (PG_lru, PG_locked, PG_head)", "page.flags").orElse(null);
        bOrder = null;
        int nz = this.nz = zones.size();
        pcpBase = nz * (Machine.MAX_ORDER + 1);
        counts = mem.kalloc(8L * (pcpBase + nz * (PCP_MAX_ORDER + 1)), 8);
        int listCount = nz * (Machine.MAX_ORDER + 1) + nz * (PCP_MAX_ORDER + 1);
        overlay = !pfnLists && !inBlock && m.memdescWorld;
        if (pfnLists)
            lists = new PfnLists(m, b, listCount, m.state().helper("buddy_pfn", "absolute").equals("zone_relative"));
        else if (inBlock)
            lists = new InBlockLists(m, b.field("buddy.prev"), b.field("buddy.next"), fMemdesc, listCount);   // null: no mark
        else
            lists = new ListHeadLists(m, b.field("page.buddy_list"), b.field("page.pcp_list", "page.buddy_list"), listCount,
                    nz * (Machine.MAX_ORDER + 1));
        zoneStart = zones.stream().mapToLong(Machine.Zone::start).toArray();
        zoneEnd = zones.stream().mapToLong(Machine.Zone::end).toArray();
        // a page_type mark, order bits in flags or the allocator word: a pcp page is not a free head there
        boolean pageSays = pageTypeMark || orderKind == ORDER_FLAGS || orderKind == ORDER_ALLOCATOR;
        pcpMap = pageSays ? 0 : mem.kalloc(8L * ((m.frames + 63) >>> 6), 8);
        zoneOf = new int[(int) (m.frames >>> Machine.MAX_ORDER)];
        for (int z = 0; z < nz; z++)
            for (long p = zones.get(z).start(); p < zones.get(z).end(); p += 1L << Machine.MAX_ORDER)
                zoneOf[(int) (p >>> Machine.MAX_ORDER)] = z;
        m.setPageAllocator(this);
    }

    private long nrFree(int list) {
        return mem.readStatic64(counts + 8L * list);
    }

    private void addNrFree(int list, long d) {
        mem.writeStatic64(counts + 8L * list, nrFree(list) + d);
    }

    private long pcpCount(int slot) {
        return mem.readStatic64(counts + 8L * (pcpBase + slot));
    }

    private void addPcpCount(int slot, long d) {
        mem.writeStatic64(counts + 8L * (pcpBase + slot), pcpCount(slot) + d);
    }

    /** Whether the pcp bitmap says {@code pfn} is on a pcp list (states whose pages cannot say it). */
    private boolean pcpBit(long pfn) {
        return (mem.readStatic64(pcpMap + 8L * (pfn >>> 6)) >>> (pfn & 63) & 1) != 0;
    }

    /** Puts {@code pfn} on pcp list {@code li} (head or tail), marking it where this state keeps the mark. */
    private void pcpAdd(long pfn, int li, int slot, boolean head) {
        if (head) lists.addHead(pfn, li);
        else lists.addTail(pfn, li);
        if (pcpMap != 0) {
            long w = pcpMap + 8L * (pfn >>> 6);
            mem.writeStatic64(w, mem.readStatic64(w) | 1L << (pfn & 63));
        }
        addPcpCount(slot, 1);
    }

    /** Takes a page off pcp list {@code li} from the hot (head) or cold (tail) end. */
    private long pcpTake(int li, int slot, boolean head) {
        long pfn = head ? lists.popHead(li) : lists.popTail(li);
        if (pcpMap != 0) {
            long w = pcpMap + 8L * (pfn >>> 6);
            mem.writeStatic64(w, mem.readStatic64(w) & ~(1L << (pfn & 63)));
        }
        addPcpCount(slot, -1);
        return pfn;
    }

    private int freeList(int z, int order) {
        return z * (Machine.MAX_ORDER + 1) + order;
    }

    private int pcpSlot(int z, int order) {
        return z * (PCP_MAX_ORDER + 1) + order;
    }

    private int pcpList(int z, int order) {
        return nz * (Machine.MAX_ORDER + 1) + pcpSlot(z, order);
    }

    int zoneIndex(long pfn) {
        return zoneOf[(int) (pfn >>> Machine.MAX_ORDER)];
    }

    /** Boot: hands every frame the memmap does not occupy to the allocator, in the largest aligned blocks. */
    public void bootFreeAll() {
        for (Machine.Zone z : zones) {
            long pfn = Math.max(z.start(), m.memmapFrames);
            while (pfn < z.end()) {
                int order = Math.min(Long.numberOfTrailingZeros(pfn), Machine.MAX_ORDER);
                while (pfn + (1L << order) > z.end()) order--;
                m.own(pfn, 1L << order, Owner.FREE);
                if (fRef != null) fRef.set(m.pageAddr(pfn), 0);
                freeOne(pfn, order);
                pfn += 1L << order;
            }
        }
    }

    // ------------------------------------------------------------------ free-block marks

    private void checkTypeTable(long pfn) {
        // The buddy list overlays memdesc: a free page's memdesc is a list pointer, only 4-byte aligned.
        typeTableChecked = true;
        if (!overlay) return;
        for (int c = 0; c < 16; c += 4)
            if (!m.isBuddyCode(c))
                throw new ModelFailure("buddy", "page.memdesc", pfn, "memdesc type " + c + " is '" + m.typeName(c)
                        + "', but page->buddy_list.next overlays page->memdesc and a list_head pointer is only 4-byte aligned: "
                        + "a free page would read as '" + m.typeName(c) + "' (types 0, 4, 8 and 12 must all mean buddy)");
    }

    private void setOrder(long pfn, int order) {
        long p = m.pageAddr(pfn);
        switch (orderKind) {
            case ORDER_PRIVATE -> fPrivate.set(p, order);
            case ORDER_FLAGS -> fFlags.set(p, (fFlags.get(p) & ~(0x1fL << Machine.BUDDY_ORDER_SHIFT))
                    | ((long) (order + 1) << Machine.BUDDY_ORDER_SHIFT));
            case ORDER_ALLOCATOR -> fAlloc.set(p, Machine.allocBuddy(order, true));
            default -> {
                if (bOrder != null) bOrder.set(p + fMemdesc.offset(), order);
                else if (order > 0) fMemdesc.set(m.pageAddr(pfn + 1), m.misc(Machine.MISC_BUDDY_TAIL, order, true));
                else if (pfn + 1 < m.frames && isTailMark(pfn + 1)) fMemdesc.set(m.pageAddr(pfn + 1), m.freeValue);
            }
        }
        if (pageTypeMark) fType.set(p, (long) Machine.PGTY_buddy << 24);
    }

    private void clearOrder(long pfn, int order) {
        long p = m.pageAddr(pfn);
        switch (orderKind) {
            case ORDER_PRIVATE -> fPrivate.set(p, 0);
            case ORDER_FLAGS -> fFlags.set(p, fFlags.get(p) & ~(0x1fL << Machine.BUDDY_ORDER_SHIFT));
            case ORDER_ALLOCATOR -> fAlloc.set(p, 0);
            default -> {
                if (bOrder == null && order > 0) fMemdesc.set(m.pageAddr(pfn + 1), m.freeValue);
            }
        }
        if (pageTypeMark) fType.set(p, 0xffffffffL);
    }

    /** buddy_order() of a free block's head, as the state stores it. */
    public int order(long pfn) {
        long p = m.pageAddr(pfn);
        switch (orderKind) {
            case ORDER_PRIVATE:
                return (int) fPrivate.get(p);
            case ORDER_FLAGS:
                return (int) ((fFlags.get(p) >>> Machine.BUDDY_ORDER_SHIFT) & 0x1f) - 1;
            case ORDER_ALLOCATOR: {
                long a = fAlloc.get(p);
                return Machine.allocIsBuddy(a) && (a & Machine.ALLOC_FREE) != 0 ? Machine.allocOrder(a) : -1;
            }
            default:
                if (bOrder != null) return (int) bOrder.get(p + fMemdesc.offset());
                if (pfn + 1 >= m.frames || !isTailMark(pfn + 1)) return 0;
                return Machine.miscOrder(fMemdesc.get(m.pageAddr(pfn + 1)));
        }
    }

    private boolean isTailMark(long pfn) {
        long md = fMemdesc.get(m.pageAddr(pfn));
        return (md & 15) == m.miscCode() && Machine.miscSubtype(md) == Machine.MISC_BUDDY_TAIL;
    }

    /** page_is_buddy(): heads a free block of this order in the buddy lists (not a pcp page). */
    private boolean isFreeHead(long pfn, int order) {
        if (!m.helpers.pageBuddy(m.pageAddr(pfn))) return false;
        if (orderKind == ORDER_FLAGS || orderKind == ORDER_ALLOCATOR) {
            if (order(pfn) < 0) return false;
        } else if (pcpMap != 0 && pcpBit(pfn)) {
            return false; // the shrunk page cannot tell a pcp page from a free head: the pcp bitmap can
        }
        return order(pfn) == order;
    }

    /** Whether a PFN heads a free block in the buddy lists (not on a pcp list). */
    public boolean isFreeHead(long pfn) {
        if (!m.helpers.pageBuddy(m.pageAddr(pfn))) return false;
        if (orderKind == ORDER_FLAGS || orderKind == ORDER_ALLOCATOR) return order(pfn) >= 0;
        return pcpMap == 0 || !pcpBit(pfn);
    }

    // ------------------------------------------------------------------ the buddy lists

    /** __free_one_page(): merges with free buddies and puts the result on its free list. */
    private void freeOne(long pfn, int order) {
        if (!typeTableChecked) checkTypeTable(pfn);
        int z = zoneIndex(pfn);
        long start = zoneStart[z], end = zoneEnd[z];
        while (order < Machine.MAX_ORDER) {
            long buddy = pfn ^ (1L << order);
            if (buddy < start || buddy >= end || !isFreeHead(buddy, order)) break;
            lists.del(buddy, freeList(z, order));
            clearOrder(buddy, order);
            addNrFree(freeList(z, order), -1);
            pfn = Math.min(pfn, buddy);
            order++;
        }
        setOrder(pfn, order);
        lists.addHead(pfn, freeList(z, order));
        checkMark(pfn);
        addNrFree(freeList(z, order), 1);
    }

    /** A page on a free list must read as buddy memory, or memory stopped describing itself. */
    private void checkMark(long pfn) {
        if (!m.helpers.pageBuddy(m.pageAddr(pfn)))
            throw new ModelFailure("buddy", m.memdescWorld ? "page.memdesc" : "page.page_type", pfn,
                    "a page on a buddy free list does not read as PageBuddy (memdesc type "
                            + (m.memdescWorld ? m.typeName((int) m.pMemdesc.get(m.pageAddr(pfn)) & 15) : "-") + ")");
    }

    /** rmqueue from the buddy lists of one zone: take the smallest block that fits and split it. */
    private long rmqueue(int z, int order) {
        for (int o = order; o <= Machine.MAX_ORDER; o++) {
            if (nrFree(freeList(z, o)) == 0) continue;
            long pfn = lists.popHead(freeList(z, o));
            clearOrder(pfn, o);
            addNrFree(freeList(z, o), -1);
            while (o > order) { // expand(): give back the upper halves
                o--;
                long half = pfn + (1L << o);
                setOrder(half, o);
                lists.addHead(half, freeList(z, o));
                addNrFree(freeList(z, o), 1);
            }
            return pfn;
        }
        return -1;
    }

    // ------------------------------------------------------------------ PageAllocator

    @Override public long alloc(int order, Owner owner) {
        if (order < 0 || order > Machine.MAX_ORDER) throw new IllegalArgumentException("order " + order);
        for (int z = nz - 1; z >= 0; z--) {
            long pfn = order <= PCP_MAX_ORDER ? pcpAlloc(z, order) : rmqueue(z, order);
            if (pfn >= 0) {
                prep(pfn, order, owner);
                return pfn;
            }
        }
        return -1;
    }

    private void prep(long pfn, int order, Owner owner) {
        if (order == 0) m.own(pfn, 1, owner);
        else m.own(pfn, 1L << order, owner);
        if (fRef != null) fRef.set(m.pageAddr(pfn), 1);
        if (fAlloc != null) {   // every page of the allocation says its order ("like compound order today")
            long v = Machine.allocBuddy(order, false);
            for (long i = 0; i < 1L << order; i++) fAlloc.set(m.pageAddr(pfn + i), v);
        }
    }

    private long pcpAlloc(int z, int order) {
        int li = pcpList(z, order), slot = pcpSlot(z, order);
        if (pcpCount(slot) == 0) {
            for (int i = 0; i < PCP_BATCH >> order; i++) { // rmqueue_bulk
                long pfn = rmqueue(z, order);
                if (pfn < 0) break;
                pcpAdd(pfn, li, slot, false);
            }
            if (pcpCount(slot) == 0) return -1;
        }
        return pcpTake(li, slot, true);
    }

    @Override public void free(long pfn, int order) {
        if (m.ownedBy(pfn, Owner.FREE))
            throw new ModelFailure("buddy", null, pfn, "double free of pfn " + pfn + " (order " + order + ")");
        long head = m.pageAddr(pfn);
        if (fCheck != null && (fCheck.get(head) & ((1L << Machine.PG_lru) | (1L << Machine.PG_locked) | (1L << Machine.PG_head))) != 0)
            throw new ModelFailure("buddy", fCheck.name(), pfn, "bad page: freed with PG_lru, PG_locked or PG_head set");
        if (fRef != null) fRef.set(head, 0);
        long nr = 1L << order;
        if (fAlloc != null) for (long i = 0; i < nr; i++) fAlloc.set(m.pageAddr(pfn + i), 0);   // no allocation: nothing to say
        m.own(pfn, nr, Owner.FREE);
        for (int i = 0; i < (int) nr; i++) mem.discardFrame(pfn + i);
        if (m.shadowOn()) m.forget(Machine.virt(pfn), nr << PhysMem.PAGE_SHIFT);
        int z = zoneIndex(pfn);
        if (order <= PCP_MAX_ORDER) {
            int li = pcpList(z, order), slot = pcpSlot(z, order);
            pcpAdd(pfn, li, slot, true);
            if (pcpCount(slot) > PCP_HIGH >> order)
                for (int i = 0; i < PCP_BATCH >> order; i++) // free_pcppages_bulk from the cold end
                    freeOne(pcpTake(li, slot, false), order);
            return;
        }
        freeOne(pfn, order);
    }

    /**
     * alloc_pages() for a caller that keeps no descriptor (plain pages): in the memdesc world the pages
     * still say what they are, a Misc memdesc; -1 if none is free.
     */
    public long allocPages(int order) {
        long pfn = alloc(order, Owner.DRIVER);
        if (pfn >= 0 && m.memdescWorld) m.attachMisc(b, null, pfn, order, Machine.MISC_PAGES);
        return pfn;
    }

    /** __free_pages() of {@link #allocPages}. */
    public void freePages(long pfn, int order) {
        if (m.memdescWorld) m.detach(b, pfn, 1L << order);
        free(pfn, order);
    }

    /** drain_all_pages(): every pcp page back to the buddy lists, merging. */
    public void drainPcp() {
        for (int z = 0; z < nz; z++)
            for (int o = 0; o <= PCP_MAX_ORDER; o++) {
                int li = pcpList(z, o), slot = pcpSlot(z, o);
                while (pcpCount(slot) > 0) freeOne(pcpTake(li, slot, true), o);
            }
    }

    /**
     * take_page_off_buddy(): removes one free page from whatever free block holds it (memory failure on a
     * free page), splitting the block. Returns false if the page is not free in the buddy lists.
     */
    public boolean takeOff(long pfn) {
        drainPcp();
        for (int o = 0; o <= Machine.MAX_ORDER; o++) {
            long head = pfn & ~((1L << o) - 1);
            if (!isFreeHead(head)) continue;
            int order = order(head);
            if (order < o) continue;
            int z = zoneIndex(head);
            lists.del(head, freeList(z, order));
            clearOrder(head, order);
            addNrFree(freeList(z, order), -1);
            // give back every part of the block except pfn
            long lo = head;
            int cur = order;
            while (cur > 0) {
                cur--;
                long upper = lo + (1L << cur);
                long keep = pfn >= upper ? upper : lo, give = pfn >= upper ? lo : upper;
                setOrder(give, cur);
                lists.addHead(give, freeList(z, cur));
                addNrFree(freeList(z, cur), 1);
                lo = keep;
            }
            return true;
        }
        return false;
    }

    /**
     * The head and order of the free block in the buddy lists containing pfn, or null. Like the kernel's
     * walkers (memory_failure's shake_page), callers drain the pcp first: a pcp page is in no free block.
     */
    public long[] freeBlockOf(long pfn) {
        for (int o = 0; o <= Machine.MAX_ORDER; o++) {
            long head = pfn & ~((1L << o) - 1);
            if (isFreeHead(head) && order(head) >= o && pfn < head + (1L << order(head))) return new long[] {head, order(head)};
        }
        return null;
    }

    /** Address of the word in the pcp bitmap holding {@code pfn}'s bit (bit pfn % 64), or 0 where the page says it. */
    long pcpMarkWord(long pfn) {
        return pcpMap == 0 ? 0 : pcpMap + 8L * (pfn >>> 6);
    }

    /** Address of nr_free of zone {@code z}'s order-{@code order} free list. */
    long nrFreeAddr(int z, int order) {
        return counts + 8L * freeList(z, order);
    }

    /** Pages on the pcp lists, from their counts in memory. */
    public long pcpPages() {
        long n = 0;
        for (int z = 0; z < nz; z++) for (int o = 0; o <= PCP_MAX_ORDER; o++) n += pcpCount(pcpSlot(z, o)) << o;
        return n;
    }

    // ------------------------------------------------------------------ figures and invariants

    public long freePages() {
        long n = 0;
        for (int z = 0; z < nz; z++) {
            for (int o = 0; o <= Machine.MAX_ORDER; o++) n += nrFree(freeList(z, o)) << o;
        }
        return n + pcpPages();
    }

    /** Free blocks per order in the buddy lists (all zones). */
    public long[] freeBlocks() {
        long[] out = new long[Machine.MAX_ORDER + 1];
        for (int z = 0; z < nz; z++) for (int o = 0; o <= Machine.MAX_ORDER; o++) out[o] += nrFree(freeList(z, o));
        return out;
    }

    /**
     * Walks every list: well formed (links agree both ways), counts match, every head reads as PageBuddy
     * with its list's order, owned FREE; and, with the pcp drained, fully merged (no free head's buddy is
     * a free head of the same order).
     */
    public void checkInvariants(boolean merged) {
        for (int z = 0; z < nz; z++) {
            for (int o = 0; o <= Machine.MAX_ORDER; o++) {
                long[] heads = lists.walk(freeList(z, o));
                if (heads.length != nrFree(freeList(z, o)))
                    throw new ModelFailure("buddy", null, -1, "zone " + zones.get(z).name() + " order " + o + " list holds "
                            + heads.length + " blocks but nr_free says " + nrFree(freeList(z, o)));
                for (long h : heads) {
                    if (!isFreeHead(h) || order(h) != o)
                        throw new ModelFailure("buddy", null, h, "block on the order-" + o + " list reads as order " + order(h));
                    long bad = m.firstNotOwnedBy(h, h + (1L << o), Owner.FREE);
                    if (bad >= 0)
                        throw new ModelFailure("buddy", null, bad, "free block page is owned by " + m.ownerOf(bad).label());
                    if (merged && o < Machine.MAX_ORDER) {
                        long bud = h ^ (1L << o);
                        Machine.Zone zone = zones.get(z);
                        if (bud >= zone.start() && bud < zone.end() && isFreeHead(bud) && order(bud) == o)
                            throw new ModelFailure("buddy", null, h, "free buddies " + h + " and " + bud + " of order " + o + " are not merged");
                    }
                }
            }
            for (int o = 0; o <= PCP_MAX_ORDER; o++) {
                long[] ps = lists.walk(pcpList(z, o));
                if (ps.length != pcpCount(pcpSlot(z, o)))
                    throw new ModelFailure("buddy", null, -1, "pcp list order " + o + " holds " + ps.length + " pages, count " + pcpCount(pcpSlot(z, o)));
                for (long p : ps)
                    if (isFreeHead(p))
                        throw new ModelFailure("buddy", null, p, "a page on the order-" + o + " pcp list reads as a free block head"
                                + (pcpMap != 0 ? " (its bit in the pcp bitmap is clear)" : ""));
            }
        }
    }
}
