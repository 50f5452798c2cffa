package memdesc.slab;

import memdesc.memory.PhysMem;
import memdesc.model.Binding;
import memdesc.model.DescAllocator;
import memdesc.model.Field;
import memdesc.model.KList;
import memdesc.model.Machine;
import memdesc.model.ModelFailure;
import memdesc.model.Owner;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The slab allocator (mm/slub.c, simplified): caches of fixed-size objects carved from slab pages the
 * buddy allocator hands out. Each slab has a {@code struct slab} — overlaid on its head page, or
 * separately allocated from the "slab" descriptor cache and pointed at by every page of the slab —
 * holding the cache, the freelist (free pointer at offset 0 of each free object), the in-use count,
 * the partial-list link and, for memcg-accounted caches, the obj_exts vector of objcg pointers.
 * kfree() finds the cache from memory alone: address → page → page_slab() → slab->slab_cache.
 * It also serves the state's separately allocated descriptors (folio, slab, ptdesc, zpdesc, bump) from
 * descriptor caches; pages of the "slab" descriptor cache host their own struct slab in object 0.
 */
public final class Slab implements DescAllocator {
    /** A kmem_cache: Java bookkeeping plus a static struct kmem_cache address slab->slab_cache points at. */
    public static final class Cache {
        final String name;
        final int size;
        final int order;
        final int objects;
        final boolean accounted;
        final long kmemCache;       // address in static data
        final long partial;         // list head
        final boolean selfHosted;
        long slabs, inuse;

        Cache(String name, int size, int order, int objects, boolean accounted, long kmemCache, long partial, boolean selfHosted) {
            this.name = name;
            this.size = size;
            this.order = order;
            this.objects = objects;
            this.accounted = accounted;
            this.kmemCache = kmemCache;
            this.partial = partial;
            this.selfHosted = selfHosted;
        }

        public String name() {
            return name;
        }

        public int size() {
            return size;
        }

        public long inuse() {
            return inuse;
        }

        public long slabs() {
            return slabs;
        }
    }

    private static final int[] KMALLOC = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096};

    private final Machine m;
    private final PhysMem mem;
    private final Binding b;
    private final Field cacheF, listF, freelistF, countersF, inuseF, objectsF, frozenF, typeF, addressF, flagsF, refF;
    private final long scratch;     // a struct slab "on the stack": the counters word is built in it, then stored whole
    private final Field nextF, slabsF;  // the per-cpu partial list (CONFIG_SLUB_CPU_PARTIAL), else null
    /** put_cpu_partial() moves the cpu partial slabs to the node's list once this many are kept. */
    static final int CPU_PARTIAL_SLABS = 4;
    private final boolean pageType, pageFlags, pageRef;
    private ObjExts objExts;
    private final boolean separate;
    private final Map<Long, Cache> byAddr = new HashMap<>();
    private final Map<String, Cache> byName = new LinkedHashMap<>();
    private final Map<String, Cache> descCaches = new LinkedHashMap<>();
    private final Map<String, Long> liveDescs = new LinkedHashMap<>();
    private final List<Cache> kmalloc = new ArrayList<>();
    private long objcgFreed;

    public Slab(Machine m) {
        this.m = m;
        this.mem = m.mem;
        this.b = m.bind("slab");
        this.separate = m.separate("slab");
        cacheF = b.field("slab.slab_cache");
        listF = b.field("slab.slab_list");
        freelistF = b.field("slab.freelist");
        countersF = b.field("slab.counters");
        inuseF = b.field("slab.inuse");
        objectsF = b.field("slab.objects");
        frozenF = b.field("slab.frozen");
        boolean cpuPartial = "1".equals(m.state().config().get("CONFIG_SLUB_CPU_PARTIAL"));
        nextF = cpuPartial ? b.field("slab.next") : null;
        slabsF = cpuPartial ? b.field("slab.slabs") : null;
        scratch = mem.kalloc(Math.max(16, (m.layouts().sizeOf("slab") + 15) & ~15L), 16);
        typeF = m.memdescWorld ? null : b.field("slab.__page_type", "page.page_type");
        pageType = typeF != null && typeF.name().startsWith("page.");
        addressF = separate ? b.field("slab.address") : null;
        flagsF = b.regime("slab_nid(): the node from the flags", "slab.__page_flags", "page.flags").orElse(null);
        pageFlags = flagsF != null && flagsF.name().startsWith("page.");
        refF = b.need("the page's reference count, set when the page is taken and checked when it is given back", "slab.__page_refcount", "page._refcount").orElse(null);
        pageRef = refF != null && refF.name().startsWith("page.");
        m.setDescAllocator(this);
        for (int s : KMALLOC) kmalloc.add(create("kmalloc-" + s, s, false));
    }

    /** kmem_cache_create(). */
    public Cache create(String name, int size, boolean accounted) {
        return create(name, size, accounted, false);
    }

    private Cache create(String name, int size, boolean accounted, boolean selfHosted) {
        if (byName.containsKey(name)) return byName.get(name);
        int sz = (int) ((size + 15) & ~15L);             // 16-aligned: low 4 bits free for a memdesc type
        int order = 0;
        while (order < 3 && ((PhysMem.PAGE_SIZE << order) / sz) < 8) order++;
        int objects = (int) ((PhysMem.PAGE_SIZE << order) / sz);
        if (objects == 0) throw new IllegalArgumentException("object of " + size + " bytes is too big for a slab");
        Cache c = new Cache(name, sz, order, objects, accounted, mem.kalloc(64, 64), KList.newHead(mem), selfHosted);
        byName.put(name, c);
        byAddr.put(c.kmemCache, c);
        return c;
    }

    /**
     * Where an accounted slab keeps its vector of objcg pointers: memcg owns it (slab->obj_exts, or
     * page->memcg_data of the slab's page in v6.12) and plugs this in.
     */
    public interface ObjExts {
        long get(long slab, long firstPage);

        void set(long slab, long firstPage, long vector);
    }

    public void setObjExts(ObjExts o) {
        objExts = o;
    }

    public Cache cache(String name) {
        return byName.get(name);
    }

    /** The kmalloc cache for a size (kmalloc_slab()), or null above the largest (a large kmalloc). */
    public Cache kmallocCache(long size) {
        for (Cache c : kmalloc) if (c.size >= size) return c;
        return null;
    }

    public int kmallocMax() {
        return KMALLOC[KMALLOC.length - 1];
    }

    // ---------------------------------------------------------------- slab pages

    private long slabAddress(long slab) {
        return separate ? addressF.get(slab) : Machine.virt(m.pfn(slab));
    }

    private int inuse(long slab) {
        return (int) inuseF.get(slab);
    }

    /** slab->objects: how many objects the slab holds, as the slab itself says (the full test reads it). */
    private int objects(long slab) {
        return (int) objectsF.get(slab);
    }

    /**
     * The kernel's update of the counters word: a struct slab on the stack takes a copy of the word
     * ({@code new.counters = slab->counters}), its bit-fields are set by name, and the word is stored whole
     * with the freelist (the double-word cmpxchg). Bit positions are the layout's, never assumed here.
     */
    private void setCounters(long slab, int inuse, int objects, int frozen) {
        countersF.set(scratch, countersF.get(slab));
        inuseF.set(scratch, inuse);
        objectsF.set(scratch, objects);
        frozenF.set(scratch, frozen);
        long word = countersF.get(scratch);
        countersF.set(slab, word);
        if (inuse(slab) != inuse || objects(slab) != objects || frozen(slab) != frozen)
            throw new ModelFailure("slab", "slab.counters", m.pfnOfAddress(slab), "slab->counters does not hold its bit-fields: "
                    + "stored inuse=" + inuse + " objects=" + objects + " frozen=" + frozen + ", read back inuse=" + inuse(slab)
                    + " objects=" + objects(slab) + " frozen=" + frozen(slab));
    }

    private void setInuse(long slab, int inuse) {
        setCounters(slab, inuse, objects(slab), frozen(slab));
    }

    private int frozen(long slab) {
        return (int) frozenF.get(slab);
    }

    /**
     * The slab a cache allocates from is frozen (the kernel's cpu slab, whose pointer the cache keeps: here in
     * the first word of its struct kmem_cache; the model leaves that slab on the partial list). Taking
     * another thaws the previous one.
     */
    private void freeze(Cache c, long slab) {
        long cur = mem.read64(c.kmemCache);
        if (cur == slab) return;
        if (cur != 0) setCounters(cur, inuse(cur), objects(cur), 0);
        setCounters(slab, inuse(slab), objects(slab), 1);
        mem.write64(c.kmemCache, slab);
    }

    private long newSlab(Cache c) {
        long pfn = m.pages().alloc(c.order, Owner.SLAB);
        if (pfn < 0) throw new ModelFailure("slab", null, -1, "out of memory growing cache " + c.name);
        long base = Machine.virt(pfn);
        long slab;
        if (!separate) {
            // allocate_slab() as in v6.12: the pages come as a folio and are cast to the struct slab
            // (folio_slab(), and slab_folio() back on free). That cast is only sound while folio and slab
            // both overlay the struct page; a separately allocated folio is not the memory of a slab.
            if (m.separate("folio"))
                throw new ModelFailure("slab", "slab.slab_cache", pfn, "the slab allocator casts the folio of its pages to"
                        + " struct slab (folio_slab()), but struct folio is separately allocated here while struct slab still"
                        + " overlays struct page: the Path's \"we currently cast between page, slab and folio\"; struct slab"
                        + " must be split out of struct page first");
            slab = m.pageAddr(pfn);
        } else if (c.selfHosted) {
            slab = base;                  // struct slab in object 0 of its own page
            zero(slab, c.size);
        } else {
            slab = alloc("slab");
        }
        if (separate) addressF.set(slab, base);
        cacheF.set(slab, c.kmemCache);
        long first = m.pageAddr(pfn);
        if (flagsF != null) flagsF.get(pageFlags ? first : slab);            // slab_nid(): the node is in the flags
        if (refF != null) refF.set(pageRef ? first : slab, 1);
        if (typeF != null) {
            if (pageType) for (long i = 0; i < (1L << c.order); i++) typeF.set(m.pageAddr(pfn + i), (long) Machine.PGTY_slab << 24);
            else typeF.set(slab, (long) Machine.PGTY_slab << 24);
        }
        m.attach(b, pfn, 1L << c.order, slab, "slab");
        // build the freelist: each free object's first word points at the next free object
        long head = 0;
        int firstObj = c.selfHosted && separate ? 1 : 0;
        for (int i = c.objects - 1; i >= firstObj; i--) {
            long obj = base + (long) i * c.size;
            mem.write64(obj, head);
            head = obj;
        }
        freelistF.set(slab, head);
        // allocate_slab() sets the bit-fields directly; the model clears the whole word first (the kernel leaves
        // the upper half to whatever the page held, which nothing reads)
        countersF.set(slab, 0);
        objectsF.set(slab, c.objects);
        inuseF.set(slab, firstObj);
        frozenF.set(slab, 0);
        if (c.accounted && objExts != null) objExts.set(slab, first, 0);
        KList.addHead(listF, c.partial, slab);
        c.slabs++;
        return slab;
    }

    // ---------------------------------------------------------------- the per-cpu partial list

    /** The cache's cpu partial list: a chain through slab->next, its head in the second word of struct kmem_cache. */
    private long cpuPartial(Cache c) {
        return mem.read64(c.kmemCache + 8);
    }

    private boolean onCpuPartial(Cache c, long slab) {
        if (nextF == null) return false;
        for (long x = cpuPartial(c); x != 0; x = nextF.get(x)) if (x == slab) return true;
        return false;
    }

    /**
     * A full slab that got a free object back: put_cpu_partial() pushes it on the cpu partial list
     * ({@code slab->next} the old head, {@code slab->slabs} the chain's length from it); when the list
     * already holds {@link #CPU_PARTIAL_SLABS}, its slabs go to the node's partial list first, and empty
     * ones are discarded (__put_partials()). Without CONFIG_SLUB_CPU_PARTIAL, straight to the node's list.
     */
    private void putPartial(Cache c, long slab) {
        if (nextF == null) {
            KList.addHead(listF, c.partial, slab);
            return;
        }
        long head = cpuPartial(c);
        if (head != 0 && slabsF.getInt(head) >= CPU_PARTIAL_SLABS) {
            drainCpuPartial(c);
            head = 0;
        }
        nextF.set(slab, head);
        slabsF.set(slab, head == 0 ? 1 : slabsF.getInt(head) + 1);
        mem.write64(c.kmemCache + 8, slab);
    }

    /** The cpu partial slabs to the node's partial list; empty ones go back to the page allocator. */
    private void drainCpuPartial(Cache c) {
        long x = cpuPartial(c);
        mem.write64(c.kmemCache + 8, 0);
        int n = 0;
        while (x != 0) {
            long next = nextF.get(x);
            if (++n > CPU_PARTIAL_SLABS + 1)
                throw new ModelFailure("slab", "slab.next", m.pfnOfAddress(x), c.name + ": the cpu partial list is longer than slab->slabs allows");
            KList.addHead(listF, c.partial, x);
            if (inuse(x) == (c.selfHosted ? 1 : 0)) discardSlab(c, x);
            x = next;
        }
    }

    /** kmem_cache_shrink(): flushes the cpu partial list to the node's, discarding the empty slabs. */
    public void shrink(Cache c) {
        if (nextF != null) drainCpuPartial(c);
    }

    /** kmem_cache_shrink() of every cache. */
    public void shrinkAll() {
        for (Cache c : new ArrayList<>(byName.values())) shrink(c);
    }

    /** The node's list is empty: the head of the cpu partial list is the next slab to allocate from. */
    private long takeCpuPartial(Cache c) {
        if (nextF == null) return 0;
        long slab = cpuPartial(c);
        if (slab == 0) return 0;
        mem.write64(c.kmemCache + 8, nextF.get(slab));
        KList.addHead(listF, c.partial, slab);
        return slab;
    }

    private void discardSlab(Cache c, long slab) {
        KList.del(listF, slab);
        if (mem.read64(c.kmemCache) == slab) mem.write64(c.kmemCache, 0);   // the cpu slab goes with it
        long base = slabAddress(slab);
        long pfn = m.mem.virtToPfn(base);
        long first = m.pageAddr(pfn);
        if (c.accounted && objExts != null && objExts.get(slab, first) != 0) {
            long vec = objExts.get(slab, first);
            objExts.set(slab, first, 0);
            kfree(vec);
        }
        cacheF.set(slab, 0);
        freelistF.set(slab, 0);
        if (refF != null && refF.get(pageRef ? first : slab) != 1)
            throw new ModelFailure("slab", refF.name(), pfn, "slab page refcount is " + refF.get(pageRef ? first : slab) + " at discard");
        if (typeF != null) {
            if (pageType) for (long i = 0; i < (1L << c.order); i++) typeF.set(m.pageAddr(pfn + i), 0xffffffffL);
            else typeF.set(slab, 0xffffffffL);
        }
        m.detach(b, pfn, 1L << c.order);
        if (separate && !c.selfHosted) free("slab", slab);
        c.slabs--;
        m.pages().free(pfn, c.order);
    }

    private void zero(long addr, long len) {
        for (long a = addr; a < addr + len; a += 8) mem.write64(a, 0);
        m.forget(addr, len);
    }

    // ---------------------------------------------------------------- objects

    /** kmem_cache_alloc(); {@code objcg} is charged for accounted caches (0 = none). */
    public long alloc(Cache c, long objcg) {
        long slab = KList.first(listF, c.partial);
        if (slab == 0) slab = takeCpuPartial(c);
        if (slab == 0) slab = newSlab(c);
        long obj = freelistF.get(slab);
        if (obj == 0) throw new ModelFailure("slab", "slab.freelist", m.pfnOfAddress(slab), "partial slab of " + c.name + " has an empty freelist");
        freelistF.set(slab, mem.read64(obj));
        int inuse = inuse(slab) + 1;
        freeze(c, slab);
        setInuse(slab, inuse);
        if (inuse == objects(slab)) KList.del(listF, slab);      // full: off the partial list
        mem.write64(obj, 0);
        c.inuse++;
        if (c.accounted && objcg != 0 && objExts != null) {
            long first = firstPage(slab);
            long vec = objExts.get(slab, first);
            if (vec == 0) {
                Cache vc = kmallocCache(8L * c.objects);
                vec = alloc(vc, 0);
                for (int i = 0; i < c.objects; i++) mem.write64(vec + 8L * i, 0);
                objExts.set(slab, first, vec);
            }
            mem.write64(vec + 8L * index(c, slab, obj), objcg);
        }
        return obj;
    }

    /**
     * What a walker reads at this PFN of a slab page, for the census: the cache (its name, as
     * /proc/slabinfo shows it), objects in use (slab->counters) and whether an objcg vector is attached,
     * on the slab's first page; null on its other pages, and on the pages of the descriptor caches (folio,
     * slab, ptdesc, … descriptors), which exist only in some states and are the model's infrastructure.
     */
    public String census(long pfn) {
        long slab = slabOf(Machine.virt(pfn));
        if (slab == 0) return "slab page with no slab";
        long first = firstPage(slab);
        if (m.pfn(first) != pfn) return null;
        Cache c = byAddr.get(cacheF.get(slab));
        if (c == null) return "slab of no cache";
        if (descCaches.containsValue(c)) return null;
        long inuse = inuse(slab);
        // without memcg (disabled) nobody attaches vectors: that part of the view is not there to compare
        String vec = objExts == null ? "dropped" : Boolean.toString(objExts.get(slab, first) != 0);
        return "slab " + c.name + " inuse=" + inuse + " objects=" + objects(slab) + " frozen=" + frozen(slab)
                + (c.accounted ? " objcg-vector=" + vec : "");
    }

    private long firstPage(long slab) {
        return m.pageAddr(m.mem.virtToPfn(slabAddress(slab)));
    }

    private long index(Cache c, long slab, long obj) {
        return (obj - slabAddress(slab)) / c.size;
    }

    /** The struct slab of an object, from memory: virt_to_page() then page_slab(). */
    public long slabOf(long obj) {
        long pfn = m.mem.virtToPfn(obj);
        if (pfn < 0) throw new ModelFailure("slab", null, -1, "0x" + Long.toHexString(obj) + " is not a direct-map address");
        return m.helpers.pageSlab(m.pageAddr(pfn));
    }

    /** The cache an object belongs to, found through memory. */
    public Cache cacheOf(long obj) {
        long slab = slabOf(obj);
        if (slab == 0) return null;
        Cache c = byAddr.get(cacheF.get(slab));
        if (c == null)
            throw new ModelFailure("slab", "slab.slab_cache", m.pfnOfAddress(obj), "slab->slab_cache 0x" + Long.toHexString(cacheF.get(slab)) + " is not a cache");
        return c;
    }

    /** The objcg an accounted object is charged to, or 0. */
    public long objcgOf(long obj) {
        long slab = slabOf(obj);
        Cache c = byAddr.get(cacheF.get(slab));
        if (!c.accounted || objExts == null || objExts.get(slab, firstPage(slab)) == 0) return 0;
        return mem.read64(objExts.get(slab, firstPage(slab)) + 8L * index(c, slab, obj));
    }

    /** kmem_cache_free() / kfree() of a slab object; returns the objcg it was charged to (0 if none). */
    public long free(long obj) {
        long slab = slabOf(obj);
        if (slab == 0) throw new ModelFailure("slab", null, m.pfnOfAddress(obj), "kfree of 0x" + Long.toHexString(obj) + ", which is not in a slab");
        Cache c = byAddr.get(cacheF.get(slab));
        if (c == null) throw new ModelFailure("slab", "slab.slab_cache", m.pfnOfAddress(obj), "slab->slab_cache does not name a cache");
        long charged = 0;
        if (c.accounted && objExts != null && objExts.get(slab, firstPage(slab)) != 0) {
            long slot = objExts.get(slab, firstPage(slab)) + 8L * index(c, slab, obj);
            charged = mem.read64(slot);
            mem.write64(slot, 0);
        }
        int inuse = inuse(slab);
        for (long f = freelistF.get(slab); f != 0; f = mem.read64(f))
            if (f == obj) throw new ModelFailure("slab", "slab.freelist", m.pfnOfAddress(obj), "double free of an object of " + c.name);
        boolean wasFull = inuse == objects(slab);
        m.forget(obj, c.size);
        mem.write64(obj, freelistF.get(slab));
        freelistF.set(slab, obj);
        inuse--;
        setInuse(slab, inuse);
        c.inuse--;
        if (wasFull) putPartial(c, slab);
        else if (inuse == (c.selfHosted ? 1 : 0) && !onCpuPartial(c, slab)) discardSlab(c, slab);
        return charged;
    }

    public void kfree(long obj) {
        free(obj);
    }

    // ---------------------------------------------------------------- descriptors

    private Cache descCache(String kind) {
        Cache c = descCaches.get(kind);
        if (c == null) {
            long size = m.layouts().sizeOf(m.structOf(kind));
            c = create(kind + "_desc", (int) size, false, kind.equals("slab"));
            descCaches.put(kind, c);
        }
        return c;
    }

    /** A separately allocated descriptor, zeroed (kmem_cache_zalloc). */
    @Override public long alloc(String kind) {
        Cache c = descCache(kind);
        long d = alloc(c, 0);
        zero(d, c.size);
        liveDescs.merge(kind, 1L, Long::sum);
        return d;
    }

    @Override public void free(String kind, long desc) {
        Cache c = descCache(kind);
        if (cacheOf(desc) != c)
            throw new ModelFailure("slab", null, m.pfnOfAddress(desc), kind + " descriptor 0x" + Long.toHexString(desc) + " is not from the " + kind + " cache");
        zero(desc, c.size);
        free(desc);
        liveDescs.merge(kind, -1L, Long::sum);
    }

    @Override public long descriptorBytes() {
        long n = 0;
        for (Cache c : descCaches.values()) n += c.slabs * (PhysMem.PAGE_SIZE << c.order);
        return n;
    }

    @Override public Map<String, Long> live() {
        return java.util.Collections.unmodifiableMap(liveDescs);
    }

    public List<Cache> caches() {
        return List.copyOf(byName.values());
    }

    /**
     * Every partial list well formed; every slab on it belongs to its cache, is partially used, and its
     * freelist has exactly objects - inuse entries inside the slab; totals agree with the cache's counts.
     */
    public void checkInvariants() {
        for (Cache c : byName.values()) {
            long onPartialInuse = 0;
            for (long slab : KList.walk(listF, c.partial)) {
                if (cacheF.get(slab) != c.kmemCache)
                    throw new ModelFailure("slab", "slab.slab_cache", m.pfnOfAddress(slab), "slab on " + c.name + "'s partial list names another cache");
                int inuse = inuse(slab);
                if (objects(slab) != c.objects)
                    throw new ModelFailure("slab", "slab.objects", m.pfnOfAddress(slab), "slab of " + c.name + " says it holds "
                            + objects(slab) + " objects; its cache's slabs hold " + c.objects);
                if ((frozen(slab) == 1) != (mem.read64(c.kmemCache) == slab))
                    throw new ModelFailure("slab", "slab.frozen", m.pfnOfAddress(slab), "slab of " + c.name + " is "
                            + (frozen(slab) == 1 ? "frozen but not its cache's cpu slab" : "its cache's cpu slab but not frozen"));
                if (inuse <= 0 || inuse >= c.objects)
                    throw new ModelFailure("slab", "slab.counters", m.pfnOfAddress(slab), "slab on the partial list has inuse " + inuse + " of " + c.objects);
                long base = slabAddress(slab), n = 0;
                for (long f = freelistF.get(slab); f != 0; f = mem.read64(f)) {
                    if (f < base || f >= base + (PhysMem.PAGE_SIZE << c.order))
                        throw new ModelFailure("slab", "slab.freelist", m.pfnOfAddress(slab), "freelist of " + c.name + " leaves its slab");
                    if (++n > c.objects) throw new ModelFailure("slab", "slab.freelist", m.pfnOfAddress(slab), "freelist loops");
                }
                if (n != c.objects - inuse)
                    throw new ModelFailure("slab", "slab.freelist", m.pfnOfAddress(slab), "freelist has " + n + " objects, counters say " + (c.objects - inuse) + " free");
                if (m.helpers.pageSlab(m.pageAddr(m.mem.virtToPfn(base))) != slab)
                    throw new ModelFailure("slab", null, m.mem.virtToPfn(base), "page_slab() of a slab page does not find its struct slab");
                onPartialInuse += inuse - (c.selfHosted && separate ? 1 : 0);
            }
            if (nextF != null) {
                int n = 0;
                for (long x = cpuPartial(c); x != 0; x = nextF.get(x)) {
                    n++;
                    if (cacheF.get(x) != c.kmemCache)
                        throw new ModelFailure("slab", "slab.slab_cache", m.pfnOfAddress(x), "slab on " + c.name + "'s cpu partial list names another cache");
                    long want = 0;
                    for (long y = x; y != 0 && want <= CPU_PARTIAL_SLABS + 1; y = nextF.get(y)) want++;
                    if (slabsF.getInt(x) != want)
                        throw new ModelFailure("slab", "slab.slabs", m.pfnOfAddress(x), "slab on " + c.name + "'s cpu partial list says "
                                + slabsF.getInt(x) + " slabs from it, the chain has " + want);
                    if (inuse(x) >= objects(x))
                        throw new ModelFailure("slab", "slab.counters", m.pfnOfAddress(x), "full slab on " + c.name + "'s cpu partial list");
                    onPartialInuse += inuse(x) - (c.selfHosted && separate ? 1 : 0);
                }
                if (n > CPU_PARTIAL_SLABS)
                    throw new ModelFailure("slab", "slab.next", -1, c.name + ": " + n + " slabs on the cpu partial list");
            }
            if (onPartialInuse > c.inuse)
                throw new ModelFailure("slab", null, -1, c.name + ": partial slabs hold more objects than the cache has in use");
        }
    }
}
