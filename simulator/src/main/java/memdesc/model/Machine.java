package memdesc.model;

import memdesc.memory.PhysMem;
import memdesc.memory.Placement;
import memdesc.steps.State;
import memdesc.steps.User;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A modelled machine in one roadmap state: N page frames of simulated memory, a memmap of N struct pages
 * laid out by the state's layouts, zones on nodes, the memdesc type table, the bindings of every user, the
 * core's descriptor encoding ({@code compound_head} or {@code page->memdesc}) and the helpers. The
 * memmap occupies real frames at the bottom of memory, so shrinking struct page really frees memory.
 */
public final class Machine {
    public static final int MAX_ORDER = 10;               // largest buddy block: 2^10 frames = 4 MiB
    static final long MIN_BYTES = 64L << 20;

    // page->flags bits (v6.12 numbering for the ones the model uses)
    public static final int PG_locked = 0, PG_referenced = 2, PG_uptodate = 3, PG_dirty = 4, PG_lru = 5,
            PG_head = 6, PG_active = 8, PG_reserved = 13, PG_private = 14, PG_swapbacked = 17,
            PG_unevictable = 18, PG_mlocked = 19, PG_hwpoison = 20, PG_anon_exclusive = 21;
    /** Five bits of page->flags that hold buddy_order in the 32-byte page. */
    public static final int BUDDY_ORDER_SHIFT = 40;
    static final int ZONE_SHIFT = 62, NODE_SHIFT = 56;

    // page->page_type values (upper byte; v6.12 PGTY_*); all ones = no type, _mapcount -1.
    public static final int PGTY_buddy = 0xf0, PGTY_table = 0xf2, PGTY_slab = 0xf5, PGTY_zsmalloc = 0xf6,
            PGTY_large_kmalloc = 0xf8;

    // Misc memdesc: subtype in bits 4-10, bit 11 mappable, order in bits 12-17 (LWN), bit 18 tail (model).
    public static final int MISC_RESERVED = 1, MISC_BUDDY_TAIL = 2, MISC_LARGE_KMALLOC = 3, MISC_VMALLOC = 4,
            MISC_DRIVER = 5, MISC_PAGES = 6;

    // The allocator word of the two-word page (seed 001): a slab page's word points at its struct slab with
    // bit 0 set; a page the buddy allocator handed out (or holds free) has bits 1-0 = 10, the allocation's
    // order in bits 2-7 and bit 8 set while the block is free (the bit layout is the model's: 001 says
    // only "encode the order of the allocation ... and probably whether or not the pages is free").
    public static final long ALLOC_SLAB = 1, ALLOC_BUDDY = 2, ALLOC_FREE = 1L << 8;

    public static long allocBuddy(int order, boolean free) {
        return ALLOC_BUDDY | ((long) order << 2) | (free ? ALLOC_FREE : 0);
    }

    public static boolean allocIsBuddy(long a) {
        return (a & 3) == ALLOC_BUDDY;
    }

    static boolean allocIsSlab(long a) {
        return (a & 1) == ALLOC_SLAB;
    }

    public static int allocOrder(long a) {
        return (int) (a >>> 2) & 0x3f;
    }

    /**
     * A zone on a node: present frames [start, end) in the model's dense numbering, spanning real PFNs
     * [startPfn, endPfn) (holes included, as zone->spanned_pages counts them).
     */
    public record Zone(int id, String name, int nid, long start, long end, long startPfn, long endPfn) {
        public long pages() {
            return end - start;
        }

        public long spanned() {
            return endPfn - startPfn;
        }
    }

    final State state;
    final Layouts layouts;
    public final PhysMem mem;
    public final long frames;
    /** Where the frames lie in the physical address space (see {@link #realPfn}). */
    public final Placement placement;
    public final long pageSize;
    public final long memmapFrames;
    private final int pageShift;            // log2(sizeof(struct page)) when a power of two, else -1
    private final long memmapLimit;         // frames * sizeof(struct page)
    private int miscCode = -2;              // code("misc"), looked up on first use
    final Shadow shadow;
    private final Map<String, Binding> bindings = new LinkedHashMap<>();
    private final Binding core;
    private int fieldIds;
    private final List<Zone> zones = new ArrayList<>();
    private final Zone[] zoneByBlock;             // the zone of each block of 2^MAX_ORDER frames: the buddy's PFN lists ask per link
    private final byte[] owner;
    private final long[] ownerCount = new long[Owner.ALL.length];
    private final int[] codes = new int[16];              // code -> type index, for decoding
    private final String[] codeName = new String[16];
    private final boolean[] buddyCode = new boolean[16];
    /** The core encodes ownership in page->memdesc (else in compound_head). */
    public final boolean memdescWorld;
    /**
     * struct page is seed 001's two words: its type-tagged {@code allocatee} word is the memdesc word every
     * user reaches as {@code page.memdesc} (the Path's memdesc is 001's allocatee), and {@code allocator}
     * holds the slab pointer or the buddy order and free bit.
     */
    final boolean allocateeWord;
    public final Field pFlags, pCompound, pMemdesc, pType, pRef, pMapcount, pAllocator;
    /** The memdesc word of a free page that does not head a block: the first Buddy code, no pointer. */
    public final long freeValue;
    public final Helpers helpers;
    private PageAllocator pages;
    private DescAllocator descs;

    /**
     * @param bytes  machine size: at least 64 MiB, a multiple of the largest buddy block (4 MiB)
     * @param shadow turn on the type-confusion checker (slow; tests)
     */
    public Machine(State state, Layouts layouts, long bytes, boolean shadow) {
        this(state, layouts, placementOf(bytes), shadow);
    }

    /** The default placement of a machine of {@code bytes}, after the model's size rules. */
    public static Placement placementOf(long bytes) {
        long block = PhysMem.PAGE_SIZE << MAX_ORDER;
        if (bytes < MIN_BYTES || bytes % block != 0)
            throw new IllegalArgumentException("machine size " + bytes + " must be at least 64 MiB and a multiple of 4 MiB");
        return Placement.of(bytes);
    }

    /** A machine whose present memory lies where {@code placement} says (sparse: only present sections have a memmap). */
    public Machine(State state, Layouts layouts, Placement placement, boolean shadow) {
        this.placement = placement;
        this.state = state;
        this.layouts = layouts;
        this.allocateeWord = layouts.field("page", "allocatee").isPresent() && layouts.field("page", "memdesc").isEmpty();
        this.frames = placement.frames();
        this.pageSize = layouts.sizeOf("page");
        if (pageSize <= 0 || (pageSize & 7) != 0)
            throw ModelFailure.of("struct page is " + pageSize + " bytes: the memmap needs a multiple of 8");
        long memmapBytes = frames * pageSize;
        this.memmapLimit = memmapBytes;
        this.pageShift = Long.bitCount(pageSize) == 1 ? Long.numberOfTrailingZeros(pageSize) : -1;
        this.memmapFrames = (memmapBytes + PhysMem.PAGE_SIZE - 1) >>> PhysMem.PAGE_SHIFT;
        this.mem = new PhysMem(frames, memmapBytes);
        this.owner = new byte[(int) frames];
        this.shadow = shadow ? new Shadow(this) : null;
        this.core = state.users().containsKey("core") ? bindUser("core") : new Binding(this, "core", null);
        for (State.MemdescType t : state.memdescTypes().values()) {
            codeName[t.code()] = t.name();
            buddyCode[t.code()] = t.name().toLowerCase(java.util.Locale.ROOT).startsWith("buddy");
        }
        pFlags = core.field("page.flags");
        pCompound = core.field("page.compound_head", "page.compound_info");
        pMemdesc = core.field("page.memdesc");
        pType = core.field("page.page_type");
        pRef = core.field("page._refcount");
        pMapcount = core.field("page._mapcount");
        pAllocator = core.field("page.allocator");
        memdescWorld = pMemdesc.ok() || (!pCompound.ok() && layouts.field("page", "memdesc").isPresent());
        int fv = 0;
        for (int c = 0; c < 16; c++) if (buddyCode[c]) { fv = c; break; }
        freeValue = fv;
        layZones();
        zoneByBlock = new Zone[(int) (frames >>> MAX_ORDER)];
        for (Zone z : zones)
            for (long p = z.start(); p < z.end(); p += 1L << MAX_ORDER) zoneByBlock[(int) (p >>> MAX_ORDER)] = z;
        this.helpers = new Helpers(this);
        ownerCount[Owner.FREE.ordinal()] = frames;
        own(0, memmapFrames, Owner.MEMMAP);
        initMemmap();
    }

    private void layZones() {
        // Zone types by physical address (DMA below 16 MiB, DMA32 below 4 GiB, Normal above), cut by the
        // nodes (runs of present frames): a zone type may lie on both nodes, as DMA32 does on the default
        // two-node machine. Zones start and end on 2^MAX_ORDER frames: the placement's ranges do.
        long[] bounds = {0, 4096, 1L << 20, Long.MAX_VALUE};
        String[] names = {"DMA", "DMA32", "Normal"};
        long[] nodeEnds = placement.nodeEnds();
        for (int t = 0; t < names.length; t++) {
            long tlo = placement.denseBelow(bounds[t]), thi = placement.denseBelow(bounds[t + 1]);
            long ns = 0;
            for (int nid = 0; nid < nodeEnds.length; ns = nodeEnds[nid++]) {
                long lo = Math.max(ns, tlo), hi = Math.min(nodeEnds[nid], thi);
                if (lo < hi) zones.add(new Zone(t, names[t], nid, lo, hi, placement.real(lo), placement.real(hi - 1) + 1));
            }
        }
    }

    /** Writes every struct page as memmap_init does: zone and node in flags where the page has them. */
    private void initMemmap() {
        for (Zone z : zones) {
            long zbits = ((long) z.id() << ZONE_SHIFT) | ((long) z.nid() << NODE_SHIFT);
            for (long pfn = z.start(); pfn < z.end(); pfn++) {
                long p = pageAddr(pfn);
                if (pFlags.ok()) pFlags.set(p, zbits | (pfn < memmapFrames ? 1L << PG_reserved : 0));
                if (pType.ok()) pType.set(p, 0xffffffffL);     // _mapcount = -1: no type, unmapped
            }
        }
        if (memdescWorld) {
            Field md = enc(core, "page.memdesc");
            for (long pfn = 0; pfn < memmapFrames; pfn++) md.set(pageAddr(pfn), misc(MISC_RESERVED, 0, false));
            for (long pfn = memmapFrames; pfn < frames; pfn++) md.set(pageAddr(pfn), freeValue);
        }
    }

    // ---------------------------------------------------------------- bindings

    /** The member a user's code names, in this state's words: page.memdesc is page.allocatee in the two-word page. */
    String word(String member) {
        return allocateeWord && member.equals("page.memdesc") ? "page.allocatee" : member;
    }

    String[] words(String[] members) {
        if (!allocateeWord) return members;
        String[] out = members.clone();
        for (int i = 0; i < out.length; i++) out[i] = word(out[i]);
        return out;
    }

    /** The binding of a roadmap user; a user the state does not have, or has disabled, fails the run. */
    public Binding bind(String userId) {
        if (userId.equals("core") && core != null) return core;
        return bindUser(userId);
    }

    private Binding bindUser(String userId) {
        Binding b = bindings.get(userId);
        if (b != null) return b;
        User u = state.users().get(userId);
        if (u == null) throw new ModelFailure(userId, null, -1, "the state has no user '" + userId + "'");
        if (state.disabled().containsKey(userId))
            throw new ModelFailure(userId, null, -1, "user '" + userId + "' is disabled in this state");
        b = new Binding(this, userId, u);
        bindings.put(userId, b);
        return b;
    }

    /** Bindings of the core (helpers, descriptor encoding): not a roadmap user, checked for existence. */
    Binding core() {
        return core;
    }

    public Map<String, Binding> bindings() {
        return java.util.Collections.unmodifiableMap(bindings);
    }

    int nextFieldId() {
        return ++fieldIds;
    }

    public State state() {
        return state;
    }

    public Layouts layouts() {
        return layouts;
    }

    public boolean shadowOn() {
        return shadow != null;
    }

    /** The type-confusion checker forgets a range (freed memory: its next owner initialises it). */
    public void forget(long addr, long len) {
        if (shadow != null) shadow.forget(addr, len);
    }

    // ---------------------------------------------------------------- addresses

    public long pageAddr(long pfn) {
        lastPfn = pfn;
        return PhysMem.VMEMMAP + pfn * pageSize;
    }

    /** The PFN of the struct page looked up last: where a crash of the model's own code points. */
    private long lastPfn = -1;

    public long lastPfn() {
        return lastPfn;
    }

    // every state of the Path gives struct page a power-of-two size: shift, not a 64-bit division per lookup
    private long index(long off) {
        return pageShift >= 0 ? off >>> pageShift : off / pageSize;
    }

    private boolean aligned(long off) {
        return pageShift >= 0 ? (off & (pageSize - 1)) == 0 : off % pageSize == 0;
    }

    /** The PFN whose struct page starts at {@code page}; fails if it is not one. */
    public long pfn(long page) {
        long off = page - PhysMem.VMEMMAP;
        if (off < 0 || off >= memmapLimit || !aligned(off))
            throw ModelFailure.of("0x" + Long.toHexString(page) + " is not a struct page");
        return index(off);
    }

    public boolean isPage(long addr) {
        long off = addr - PhysMem.VMEMMAP;
        return off >= 0 && off < memmapLimit && aligned(off);
    }

    /** The PFN an address in the memmap or the direct map concerns, or -1. */
    public long pfnOfAddress(long addr) {
        long off = addr - PhysMem.VMEMMAP;
        if (off >= 0 && off < memmapLimit) return index(off);
        return mem.virtToPfn(addr);
    }

    public static long virt(long pfn) {
        return PhysMem.pfnToVirt(pfn);
    }

    /**
     * The real PFN of frame {@code pfn}: what the kernel would store or print. The model numbers present
     * frames densely (its tables, the memmap and the direct map are laid out so, as if the present
     * sections' memmaps were mapped back to back); PFN values kept in simulated memory, the census and
     * failures use the real one. Within a section both differ by a multiple of 2^15 frames, so buddy
     * arithmetic and alignment tests are the same in both.
     */
    public long realPfn(long pfn) {
        return placement.real(pfn);
    }

    /** The PFN a failure or the census names: the real one of a frame, anything else as it is (-1: none). */
    public long shownPfn(long pfn) {
        return pfn >= 0 && pfn < frames ? placement.real(pfn) : pfn;
    }

    /** The frame of real PFN {@code pfn}; fails if no present memory is there. */
    public long framePfn(long pfn) {
        long d = placement.dense(pfn);
        if (d < 0) throw ModelFailure.of("pfn " + pfn + " is not present memory (no memory section there)");
        return d;
    }

    public List<Zone> zones() {
        return java.util.Collections.unmodifiableList(zones);
    }

    /** The zone a PFN lies in, from the zone span table (zones start and end on 2^MAX_ORDER frames). */
    public Zone zoneOfPfn(long pfn) {
        Zone z = pfn < 0 || pfn >= frames ? null : zoneByBlock[(int) (pfn >>> MAX_ORDER)];
        if (z == null) throw ModelFailure.of("pfn " + pfn + " lies in no zone");
        return z;
    }

    public Zone zone(int id, int nid) {
        for (Zone z : zones) if (z.id() == id && z.nid() == nid) return z;
        throw ModelFailure.of("no zone " + id + " on node " + nid);
    }

    // ---------------------------------------------------------------- memdesc types

    /** The code of a memdesc type by name (the first non-alias code); fails if the state has none. */
    public int code(String name) {
        for (int c = 0; c < 16; c++) if (name.equals(codeName[c])) return c;
        throw ModelFailure.of("the state's memdesc type table has no type '" + name + "'");
    }

    /** {@code code("misc")}, cached: the hot paths ask for it on every free block. */
    public int miscCode() {
        if (miscCode == -2) miscCode = code("misc");
        return miscCode;
    }

    boolean hasType(String name) {
        for (int c = 0; c < 16; c++) if (name.equals(codeName[c])) return true;
        return false;
    }

    /** The name of a code, or null if unset. */
    public String typeName(int code) {
        return codeName[code & 15];
    }

    public boolean isBuddyCode(int code) {
        return buddyCode[code & 15];
    }

    /** A Misc memdesc word (LWN: order in bits 12-17); bit 18 marks a tail page of a compound misc block. */
    public long misc(int subtype, int order, boolean tail) {
        return miscCode() | ((long) subtype << 4) | ((long) order << 12) | (tail ? 1L << 18 : 0);
    }

    public static int miscSubtype(long md) {
        return (int) (md >>> 4) & 0x7f;
    }

    public static int miscOrder(long md) {
        return (int) (md >>> 12) & 0x3f;
    }

    static boolean miscTail(long md) {
        return (md & (1L << 18)) != 0;
    }

    // ---------------------------------------------------------------- descriptor encoding (the core)

    /**
     * The field a user writes the per-page encoding through: its own when it declares the member (slab,
     * page tables, memcg … write the memdesc type themselves), else the buddy allocator's, whose
     * prep_compound_page() writes compound_head.
     */
    Field enc(Binding who, String member) {
        // asked for every page attached or detached: remembered per binding (the state does not change)
        int slot = member.equals("page.memdesc") ? 0 : member.equals("page.flags") ? 1 : member.equals("page.allocator") ? 3 : 2;
        Field f = who == null ? null : who.enc[slot];
        if (f != null) return f;
        f = encUncached(who, member);
        if (who != null) who.enc[slot] = f;
        return f;
    }

    private Field encUncached(Binding who, String member) {
        if (who != null && who.declares(member)) return who.get(member);
        Binding b = bindings.get("buddy");
        if (b != null && b.declares(member)) return b.get(member);
        return member.equals("page.memdesc") ? pMemdesc : member.equals("page.flags") ? pFlags
                : member.equals("page.allocator") ? pAllocator : pCompound;
    }

    /**
     * Points every page of an allocation at its descriptor. In the memdesc world: {@code memdesc = desc |
     * code(type)}. Otherwise in compound_head: a descriptor overlaid on the memmap leaves the head alone
     * and tails point at it ({@code head | 1}); a separately allocated one is pointed at by every page,
     * head included ("all pages in a slab will set PageTail").
     */
    public void attach(Binding who, long pfn, long nr, long desc, String type) {
        if (allocateeWord && type.equals("slab")) {
            // 001: slab state lives in the allocator word; the allocatee word says only "slab" (a page type).
            // The slab writes both itself (no buddy fallback): a state that does not declare them for it fails.
            Field a = who.get("page.allocator"), f = who.get("page.memdesc");
            long t = code(type);
            for (long i = 0; i < nr; i++) {
                long p = pageAddr(pfn + i);
                a.set(p, desc | ALLOC_SLAB);
                f.set(p, t);
            }
            return;
        }
        if (memdescWorld) {
            Field f = enc(who, "page.memdesc");
            long v = desc | code(type);
            for (long i = 0; i < nr; i++) f.set(pageAddr(pfn + i), v);
            return;
        }
        Field f = enc(who, "page.compound_head");
        long head = pageAddr(pfn);
        for (long i = desc == head ? 1 : 0; i < nr; i++) f.set(pageAddr(pfn + i), desc | 1);
    }

    /**
     * Misc memory (no descriptor): the memdesc world says so in memdesc; else a compound page if order > 0,
     * PG_head set through {@code headFlags} (the user's flags member) and the order in the first tail.
     */
    public void attachMisc(Binding who, Field headFlags, long pfn, int order, int subtype) {
        long nr = 1L << order;
        if (memdescWorld) {
            Field f = enc(who, "page.memdesc");
            for (long i = 0; i < nr; i++) f.set(pageAddr(pfn + i), misc(subtype, order, i > 0));
            return;
        }
        if (order > 0) {
            long head = pageAddr(pfn);
            headFlags.set(head, headFlags.get(head) | 1L << PG_head);
            Field ch = enc(who, "page.compound_head");
            for (long i = 1; i < nr; i++) ch.set(pageAddr(pfn + i), head | 1);
            // compound_order lives in the first tail page's flags low byte (folio->_flags_1)
            Field tf = enc(who, "page.flags");
            long t = pageAddr(pfn + 1);
            tf.set(t, (tf.get(t) & ~0xffL) | order);
        }
    }

    /** The order of a compound misc block (kmalloc_large): from memdesc, or from the first tail's flags. */
    public int miscOrderOf(Binding who, Field headFlags, long pfn) {
        if (memdescWorld) return miscOrder(enc(who, "page.memdesc").get(pageAddr(pfn)));
        long head = pageAddr(pfn);
        if ((headFlags.get(head) & (1L << PG_head)) == 0) return 0;
        return (int) (enc(who, "page.flags").get(pageAddr(pfn + 1)) & 0xff);
    }

    /** Undoes {@link #attach}/{@link #attachMisc} so the pages can go back to the buddy allocator. */
    public void detach(Binding who, long pfn, long nr) {
        long head = pageAddr(pfn);
        if (memdescWorld) {
            Field f = enc(who, "page.memdesc");
            for (long i = 0; i < nr; i++) f.set(pageAddr(pfn + i), freeValue);
            if (allocateeWord && who != null && who.declares("page.allocator")) {
                // the slab hands its pages back as the buddy allocation they were (order of nr pages)
                Field a = enc(who, "page.allocator");
                long v = allocBuddy(Long.numberOfTrailingZeros(nr), false);
                for (long i = 0; i < nr; i++) a.set(pageAddr(pfn + i), v);
            }
            return;
        }
        Field fl = enc(who, "page.flags");
        if (fl.ok() && nr > 1) {
            long f = fl.get(head);
            if ((f & (1L << PG_head)) != 0) {
                fl.set(head, f & ~(1L << PG_head));
                long t = pageAddr(pfn + 1);
                fl.set(t, fl.get(t) & ~0xffL);
            }
        }
        Field ch = enc(who, "page.compound_head");
        for (long i = 0; i < nr; i++) {
            long p = pageAddr(pfn + i);
            if ((ch.get(p) & 1) != 0) ch.set(p, 0);
        }
    }

    // ---------------------------------------------------------------- allocators

    public void setPageAllocator(PageAllocator a) {
        pages = a;
    }

    public PageAllocator pages() {
        return pages;
    }

    public void setDescAllocator(DescAllocator d) {
        descs = d;
    }

    public DescAllocator descs() {
        if (descs == null) throw ModelFailure.of("no descriptor allocator (slab) in this machine");
        return descs;
    }

    /** Whether a descriptor kind is separately allocated in this state. */
    public boolean separate(String kind) {
        return state.separate(kind);
    }

    /**
     * A user that names its pages through a descriptor struct (zsmalloc through struct zpdesc, page_pool
     * through struct netmem_desc) needs the state to say where one lives: a struct no descriptor uses is not
     * taken to overlay the memmap by default.
     */
    public void requireDescriptor(String user, Field bound, String kind) {
        String struct = bound.name().substring(0, bound.name().indexOf('.'));
        if (struct.equals("page")) return;
        for (var d : state.descriptors().values()) if (d.struct().equals(struct)) return;
        throw new ModelFailure(user, bound.name(), -1, "user '" + user + "' reaches its pages through struct " + struct
                + ", but no descriptor of this state uses struct " + struct + ": a step must say where one lives (allocate: {descriptor: "
                + kind + ", struct: " + struct + ", placement: memmap or separate})");
    }

    /** The struct a descriptor kind uses (defaults to the kind's own name). */
    public String structOf(String kind) {
        var d = state.descriptors().get(kind);
        return d == null ? kind : d.struct();
    }

    // ---------------------------------------------------------------- the ownership oracle

    public void own(long pfn, long nr, Owner o) {
        byte b = (byte) o.ordinal();
        if (nr == 1) {                                     // the order-0 fast path
            int k = (int) pfn;
            ownerCount[owner[k]]--;
            owner[k] = b;
            ownerCount[b]++;
            return;
        }
        int from = (int) pfn, to = (int) (pfn + nr);      // int loop: the JIT unrolls it, a long one it polls
        for (int k = from; k < to; k++) {
            ownerCount[owner[k]]--;
            owner[k] = b;
        }
        ownerCount[b] += nr;
    }

    /** The first PFN in [from, to) that {@code o} does not own, or -1: a tight loop over the owner table. */
    public long firstNotOwnedBy(long from, long to, Owner o) {
        byte b = (byte) o.ordinal();
        int k = (int) from, end = (int) to;
        // eight owners a load: every invariant check scans the whole free memory this way
        long all = (b & 0xffL) * 0x0101010101010101L;
        for (; k < end && (k & 7) != 0; k++) if (owner[k] != b) return k;
        for (; k + 8 <= end; k += 8) if ((long) OWNER_WORDS.get(owner, k) != all) break;
        for (; k < end; k++) if (owner[k] != b) return k;
        return -1;
    }

    private static final java.lang.invoke.VarHandle OWNER_WORDS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** Whether {@code o} owns the frame (no enum lookup: the buddy asks on every free). */
    public boolean ownedBy(long pfn, Owner o) {
        return owner[(int) pfn] == o.ordinal();
    }

    public Owner ownerOf(long pfn) {
        return Owner.ALL[owner[(int) pfn]];
    }

    public long count(Owner o) {
        return ownerCount[o.ordinal()];
    }

    /** The run is over: the simulated memory goes back for the next machine (see PhysMem.release). */
    public void release() {
        mem.release();
    }

    /** Bytes of the memmap (N x sizeof(struct page)). */
    public long memmapBytes() {
        return frames * pageSize;
    }

    public long descriptorBytes() {
        return descs == null ? 0 : descs.descriptorBytes();
    }
}
