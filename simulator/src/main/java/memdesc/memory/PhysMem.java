package memdesc.memory;

/**
 * Simulated physical memory of a machine, reached through three kernel virtual ranges as on x86-64:
 * the memmap at a vmemmap-like base, every page frame through the direct map, and a small static
 * kernel-data range (list heads, zones, caches, address spaces). Byte-addressable, little-endian
 * 1/2/4/8-byte accesses that must be naturally aligned, as the kernel's are. Chunked: the memmap (which
 * memmap_init writes whole) and the first 16 bytes of every frame in 1 MiB arrays, the rest of a frame
 * only once it is written, and the static range as one array as long as what was handed out (a few
 * KiB). No array is larger than 1 MiB but that last one, so a 64 GiB machine's 1 GiB memmap fits the
 * default heap.
 */
public final class PhysMem {
    /** Where the memmap starts (x86-64 vmemmap). */
    public static final long VMEMMAP = 0xffffea0000000000L;
    /** Where frame 0 is mapped (x86-64 direct map, page_offset_base). */
    public static final long DIRECT = 0xffff888000000000L;
    /** Static kernel data (the model's .data/.bss). */
    public static final long KDATA = 0xffffffff82000000L;
    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;

    private static final int CHUNK_SHIFT = 20;             // 1 MiB chunks for the memmap
    private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;
    public static final long KDATA_LIMIT = 64L << 20;     // 64 MiB of static data is plenty

    private final long frames;
    private final long memmapBytes;
    private final long[][] memmap;
    // The first HEAD_WORDS words of every frame live in dense chunks: the 8-byte page keeps a 16-byte
    // struct buddy in the first bytes of every free block, and a small array per free block cost an
    // allocation (and garbage) on every free. The rest of a frame is allocated on first write, only as
    // long as the highest word written (rounded up to a power of two); words past its end read as zero.
    private static final int HEAD_WORDS = 2;
    private static final int HEAD_CHUNK_SHIFT = 16;      // frames per head chunk: 2^16 x 16 bytes = 1 MiB
    private final long[][] head;
    private final long[][] direct;
    private long[] kdata = new long[512];   // the static range, flat: grown as kalloc hands it out
    private long kdataTop = 64;         // never hand out address KDATA itself (reads as a "null-ish" value)

    public PhysMem(long frames, long memmapBytes) {
        if (frames <= 0 || frames > (1L << 31)) throw new IllegalArgumentException("frames: " + frames);
        this.frames = frames;
        this.memmapBytes = memmapBytes;
        this.memmap = new long[(int) ((memmapBytes + CHUNK_MASK) >>> CHUNK_SHIFT)][];
        for (int i = 0; i < memmap.length; i++) memmapChunk((long) i << CHUNK_SHIFT);
        this.direct = new long[(int) frames][];
        this.head = new long[(int) ((frames + (1L << HEAD_CHUNK_SHIFT) - 1) >>> HEAD_CHUNK_SHIFT)][];
    }

    public long frames() {
        return frames;
    }

    public long memmapBytes() {
        return memmapBytes;
    }

    /** Address of the first byte of frame {@code pfn} in the direct map. */
    public static long pfnToVirt(long pfn) {
        return DIRECT + (pfn << PAGE_SHIFT);
    }

    /** The frame a direct-map address lies in, or -1 if the address is not in the direct map. */
    public long virtToPfn(long addr) {
        long off = addr - DIRECT;
        if (off < 0 || off >= (frames << PAGE_SHIFT)) return -1;
        return off >>> PAGE_SHIFT;
    }

    /** Bump-allocates static kernel data (never freed: it is the model's .data). */
    public long kalloc(long size, long align) {
        long top = (kdataTop + align - 1) & -align;
        if (top + size > KDATA_LIMIT) throw new MemFault("static kernel data exhausted", KDATA + top);
        kdataTop = top + size;
        if ((kdataTop + 7) >>> 3 > kdata.length)
            kdata = java.util.Arrays.copyOf(kdata, (int) Math.max(kdata.length * 2L, (kdataTop + 7) >>> 3));
        return KDATA + top;
    }

    public long kdataBytes() {
        return kdataTop;
    }

    /** Frames holding data the model wrote and did not discard (slab pages, page tables, data it checks). */
    public long directPagesBacked() {
        long n = 0;
        for (int f = 0; f < frames; f++) {
            boolean any = direct[f] != null;
            long[] h = head[f >>> HEAD_CHUNK_SHIFT];
            for (int w = 0; !any && h != null && w < HEAD_WORDS; w++)
                any = h[((f & ((1 << HEAD_CHUNK_SHIFT) - 1)) * HEAD_WORDS) + w] != 0;
            if (any) n++;
        }
        return n;
    }

    /** Drops a frame's contents (the frame was freed; its bytes are garbage now: they read as zero). */
    public void discardFrame(long pfn) {
        int f = (int) pfn;
        if (direct[f] != null) direct[f] = null;     // a load, not a store with GC barriers, when unbacked
        long[] h = head[f >>> HEAD_CHUNK_SHIFT];
        if (h != null) {
            int i = (f & ((1 << HEAD_CHUNK_SHIFT) - 1)) * HEAD_WORDS;
            h[i] = 0;
            h[i + 1] = 0;
        }
    }

    /**
     * The machine is done with: its memmap and frame chunks go back to be reused by the next machine.
     * Any later access fails (its arrays are gone), so a use after release cannot read another machine.
     */
    public void release() {
        for (int i = 0; i < memmap.length; i++) {
            Chunks.give(memmap[i]);
            memmap[i] = null;
        }
        for (int i = 0; i < head.length; i++) {
            Chunks.give(head[i]);
            head[i] = null;
        }
    }

    // ---- word access: the hot path ----

    // The memmap's chunks exist from the start (memmap_init writes every struct page anyway), so the
    // hot path has no null check and stays small enough for the JIT to inline into every field access.
    public long read64(long addr) {
        long off = addr - VMEMMAP;
        if ((off & 7) == 0 && off >= 0 && off < memmapBytes)
            return memmap[(int) (off >>> CHUNK_SHIFT)][(int) (off & CHUNK_MASK) >>> 3];
        return slowRead64(addr);
    }

    public void write64(long addr, long v) {
        long off = addr - VMEMMAP;
        if ((off & 7) == 0 && off >= 0 && off < memmapBytes)
            memmap[(int) (off >>> CHUNK_SHIFT)][(int) (off & CHUNK_MASK) >>> 3] = v;
        else
            slowWrite64(addr, v);
    }

    /**
     * {@link #read64} of an address the caller knows is static data (a list head): inlined, where
     * read64 would take its slow path.
     */
    public long readStatic64(long addr) {
        long off = addr - KDATA;
        if ((off & 7) == 0 && off >= 0 && off < kdataTop) return kdata[(int) (off >>> 3)];
        return read64(addr);
    }

    /** {@link #write64} of an address the caller knows is static data. */
    public void writeStatic64(long addr, long v) {
        long off = addr - KDATA;
        if ((off & 7) == 0 && off >= 0 && off < kdataTop) kdata[(int) (off >>> 3)] = v;
        else write64(addr, v);
    }

    /** Reads {@code size} (1, 2, 4 or 8) bytes, zero-extended. */
    public long read(long addr, int size) {
        if (size == 8) return read64(addr);
        check(addr, size);
        long w = read64(addr & ~7L);
        int shift = (int) (addr & 7) << 3;
        return (w >>> shift) & mask(size);
    }

    /** Writes the low {@code size} (1, 2, 4 or 8) bytes of {@code v}. */
    public void write(long addr, int size, long v) {
        if (size == 8) {
            write64(addr, v);
            return;
        }
        check(addr, size);
        long a = addr & ~7L;
        int shift = (int) (addr & 7) << 3;
        long m = mask(size) << shift;
        long w = read64(a);
        write64(a, (w & ~m) | ((v << shift) & m));
    }

    /** {@link #read} for a size the caller knows is not 8: the JIT inlines this into every field access. */
    public long readSmall(long addr, int size) {
        long off = addr - VMEMMAP;
        if ((off & (size - 1)) == 0 && ((0x16 >>> size) & 1) != 0 && off >= 0 && off < memmapBytes)   // sizes 1, 2, 4
            return (memmap[(int) (off >>> CHUNK_SHIFT)][(int) (off & CHUNK_MASK) >>> 3] >>> ((int) (off & 7) << 3))
                    & ((1L << (size << 3)) - 1);
        return read(addr, size);
    }

    /** {@link #write} for a size the caller knows is not 8: one load and one store in the memmap. */
    public void writeSmall(long addr, int size, long v) {
        long off = addr - VMEMMAP;
        if ((off & (size - 1)) == 0 && ((0x16 >>> size) & 1) != 0 && off >= 0 && off < memmapBytes) {
            long[] c = memmap[(int) (off >>> CHUNK_SHIFT)];
            int i = (int) (off & CHUNK_MASK) >>> 3;
            int shift = (int) (off & 7) << 3;
            long m = ((1L << (size << 3)) - 1) << shift;
            c[i] = (c[i] & ~m) | ((v << shift) & m);
            return;
        }
        write(addr, size, v);
    }

    private static long mask(int size) {
        return size == 8 ? -1L : (1L << (size << 3)) - 1;
    }

    private static void check(long addr, int size) {
        if ((size != 1 && size != 2 && size != 4) || (addr & (size - 1)) != 0)
            throw new MemFault("misaligned or bad-sized access of " + size + " bytes", addr);
    }

    private long[] memmapChunk(long off) {
        int i = (int) (off >>> CHUNK_SHIFT);
        long len = Math.min(1L << CHUNK_SHIFT, memmapBytes - ((long) i << CHUNK_SHIFT));
        return memmap[i] = Chunks.take((int) ((len + 7) >>> 3));
    }

    private long[] growFrame(int f, int word) {
        long[] p = direct[f];
        int len = Integer.highestOneBit(word) << 1;
        if (p == null) return direct[f] = new long[len];
        return direct[f] = java.util.Arrays.copyOf(p, Math.max(len, p.length << 1));
    }

    private long slowRead64(long addr) {
        if ((addr & 7) != 0) throw new MemFault("misaligned 8-byte read", addr);
        long off = addr - KDATA;              // static data first: every buddy list operation reads a list head
        if (off >= 0 && off < kdataTop) return kdata[(int) (off >>> 3)];
        off = addr - DIRECT;
        if (off >= 0 && off < (frames << PAGE_SHIFT)) {
            int f = (int) (off >>> PAGE_SHIFT);
            int w = (int) ((off & (PAGE_SIZE - 1)) >>> 3);
            if (w < HEAD_WORDS) {
                long[] h = head[f >>> HEAD_CHUNK_SHIFT];
                return h == null ? 0 : h[((f & ((1 << HEAD_CHUNK_SHIFT) - 1)) * HEAD_WORDS) + w];
            }
            long[] p = direct[f];
            return p == null || w >= p.length ? 0 : p[w];
        }
        throw new MemFault("read of unmapped address", addr);
    }

    private void slowWrite64(long addr, long v) {
        if ((addr & 7) != 0) throw new MemFault("misaligned 8-byte write", addr);
        long off = addr - KDATA;
        if (off >= 0 && off < kdataTop) {
            kdata[(int) (off >>> 3)] = v;
            return;
        }
        off = addr - DIRECT;
        if (off >= 0 && off < (frames << PAGE_SHIFT)) {
            int f = (int) (off >>> PAGE_SHIFT);
            int w = (int) ((off & (PAGE_SIZE - 1)) >>> 3);
            if (w < HEAD_WORDS) {
                long[] h = head[f >>> HEAD_CHUNK_SHIFT];
                if (h == null) h = head[f >>> HEAD_CHUNK_SHIFT] = Chunks.take(HEAD_WORDS << HEAD_CHUNK_SHIFT);
                h[((f & ((1 << HEAD_CHUNK_SHIFT) - 1)) * HEAD_WORDS) + w] = v;
                return;
            }
            long[] p = direct[f];
            if (p == null || w >= p.length) p = growFrame(f, w);
            p[w] = v;
            return;
        }
        throw new MemFault("write to unmapped address", addr);
    }

    /** A bad access: the model's equivalent of an oops. */
    public static final class MemFault extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final long address;

        public MemFault(String what, long address) {
            super(what + " at 0x" + Long.toHexString(address), null, false, Boolean.getBoolean("memdesc.debug"));
            this.address = address;
        }

        public long address() {
            return address;
        }
    }
}
