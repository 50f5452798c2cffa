package memdesc.cost;

import java.util.List;

import static memdesc.cost.AllocKind.*;

/**
 * The built-in mixes. They are ILLUSTRATIVE, not measurements: each is a plausible split of a
 * machine's memory, with proportions taken from the typical /proc/meminfo split of that kind of
 * machine (MemFree, Cached, AnonPages, Slab, PageTables) and orders chosen from what the seeds
 * say about folios ("order 0 and 1 allocations" versus "order 2+", THPs at order 9). Use
 * {@code --kpageflags} or {@code --live} for a real machine's population.
 */
final class Mixes {
    private Mixes() {}

    /**
     * {@code idle}: a machine shortly after boot. 70% free (mostly order-10 blocks, as
     * /proc/buddyinfo shows after boot), 15% page cache (binaries and libraries, mostly order 0,
     * some order-2 readahead folios), 5% anon, 4% slab, 0.5% page tables, 5.5% other kernel
     * memory (vmalloc, reserved, per-CPU). Source: the meminfo split of an idle VM.
     */
    static final Mix IDLE = new Mix("idle",
            "illustrative: an idle machine after boot (70% free, 15% page cache, 5% anon, 4% slab)",
            List.of(f(BUDDY_FREE, 10, 0.60), f(BUDDY_FREE, 0, 0.10),
                    f(FILE, 0, 0.12), f(FILE, 2, 0.03),
                    f(ANON, 0, 0.05),
                    f(SLAB, 0, 0.02), f(SLAB, 1, 0.01), f(SLAB, 3, 0.01),
                    f(PAGE_TABLE, 0, 0.005),
                    f(KERNEL_OTHER, 0, 0.055)));

    /**
     * {@code file-server}: an NFS/Samba/web server whose memory is page cache. 70% file folios,
     * spread over orders 0, 2, 4 and 9 because filesystems with large-folio support (XFS, ext4,
     * tmpfs since 6.x) build large folios on readahead; 10% slab (dentries and inodes of many
     * files), 5% anon, 10% free, the rest kernel. Source: typical meminfo of a file server
     * where Cached dominates; the order split is a guess and is the figure to change first.
     */
    static final Mix FILE_SERVER = new Mix("file-server",
            "illustrative: a file server, page cache dominated (70% file folios at orders 0-9, 10% slab)",
            List.of(f(FILE, 0, 0.30), f(FILE, 2, 0.20), f(FILE, 4, 0.15), f(FILE, 9, 0.05),
                    f(ANON, 0, 0.05),
                    f(SLAB, 0, 0.04), f(SLAB, 1, 0.03), f(SLAB, 3, 0.03),
                    f(PAGE_TABLE, 0, 0.005),
                    f(BUDDY_FREE, 0, 0.05), f(BUDDY_FREE, 3, 0.05),
                    f(KERNEL_OTHER, 0, 0.045)));

    /**
     * {@code anon-heavy}: a database or JVM heap on 4 KiB pages (THP off). 70% order-0 anon, 2%
     * zsmalloc (zswap holding compressed anon), 1% page tables (one PTE page maps 2 MiB; several
     * processes mapping the heap), 10% page cache, 4% slab, 8% free. This is the worst case of
     * the 32-byte step: order-0 folios pay a descriptor each.
     */
    static final Mix ANON_HEAVY = new Mix("anon-heavy",
            "illustrative: a database/JVM on 4 KiB pages (70% order-0 anon, zswap, 1% page tables)",
            List.of(f(ANON, 0, 0.70),
                    f(ZSMALLOC, 0, 0.02),
                    f(PAGE_TABLE, 0, 0.01),
                    f(FILE, 0, 0.10),
                    f(SLAB, 0, 0.02), f(SLAB, 1, 0.01), f(SLAB, 3, 0.01),
                    f(BUDDY_FREE, 0, 0.08),
                    f(KERNEL_OTHER, 0, 0.05)));

    /**
     * {@code thp}: the same kind of workload with transparent huge pages: 60% of memory in
     * order-9 (2 MiB) anon folios, 5% order-0 anon left over, 15% page cache (some of it
     * order 9), 10% free in large blocks. The best case for separately allocated folios.
     */
    static final Mix THP = new Mix("thp",
            "illustrative: anon memory in 2 MiB THPs (60% order-9 anon, 15% page cache)",
            List.of(f(ANON, 9, 0.60), f(ANON, 0, 0.05),
                    f(FILE, 0, 0.10), f(FILE, 9, 0.05),
                    f(SLAB, 0, 0.02), f(SLAB, 1, 0.01), f(SLAB, 3, 0.01),
                    f(PAGE_TABLE, 0, 0.005),
                    f(BUDDY_FREE, 9, 0.10),
                    f(KERNEL_OTHER, 0, 0.055)));

    /**
     * {@code slab-heavy}: a machine whose kernel caches dominate: 40% slab (dentry and inode
     * caches after walking millions of files, or skbuff-heavy networking; SLUB uses order 0-3
     * slabs), 5% page_pool pages (network receive buffers), 20% page cache, 10% anon.
     * Slab=40% is at the high end of what meminfo shows on such machines; illustrative.
     */
    static final Mix SLAB_HEAVY = new Mix("slab-heavy",
            "illustrative: kernel caches dominate (40% slab at orders 0-3, 5% page_pool)",
            List.of(f(SLAB, 0, 0.15), f(SLAB, 1, 0.10), f(SLAB, 2, 0.05), f(SLAB, 3, 0.10),
                    f(PAGE_POOL, 0, 0.05),
                    f(FILE, 0, 0.20),
                    f(ANON, 0, 0.10),
                    f(PAGE_TABLE, 0, 0.01),
                    f(BUDDY_FREE, 0, 0.15),
                    f(KERNEL_OTHER, 0, 0.09)));

    static final List<Mix> ALL = List.of(IDLE, FILE_SERVER, ANON_HEAVY, THP, SLAB_HEAVY);

    static Mix byName(String name) {
        for (Mix m : ALL) if (m.name().equals(name)) return m;
        return null;
    }

    private static Mix.Fraction f(AllocKind kind, int order, double fraction) {
        return new Mix.Fraction(kind, order, fraction);
    }
}
