package memdesc.layout;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded baseline against facts: the size and alignment of struct page, folio, slab and ptdesc
 * and the offset and size of every member (bit offset and width of each bitfield), on x86_64 with the
 * baseline's default config, as v6.12 has them. The numbers were established by compiling our
 * definitions with gcc and reading them back with pahole, and agree with pahole's output for a v6.12
 * x86_64 build where the members exist there (page 64, folio 192, slab 64, ptdesc 64; _deferred_list at
 * 144). The engine must reproduce the table exactly, and gcc must agree with every line of it, so a
 * rewrite of the baseline text cannot move a member unnoticed. Members under a struct page embedded in
 * the folio are the page's own facts and are not repeated.
 */
class BaselineFactsTest {
    @TempDir Path dir;

    /** struct: "size align", then "member offset size" or "member offset size bit:width". */
    static final Map<String, String> FACTS = new LinkedHashMap<>();
    static {
        FACTS.put("page", """
            64 16
            flags 0 8
            lru.next 8 8
            lru.prev 16 8
            __filler 8 8
            mlock_count 16 4
            buddy_list.next 8 8
            buddy_list.prev 16 8
            pcp_list.next 8 8
            pcp_list.prev 16 8
            mapping 24 8
            index 32 8
            share 32 8
            private 40 8
            pp_magic 8 8
            pp 16 8
            _pp_mapping_pad 24 8
            dma_addr 32 8
            pp_ref_count.counter 40 8
            compound_head 8 8
            pgmap 8 8
            zone_device_data 16 8
            callback_head.next 8 8
            callback_head.func 16 8
            page_type 48 4
            _mapcount.counter 48 4
            _refcount.counter 52 4
            memcg_data 56 8
            """);
        FACTS.put("folio", """
            192 16
            flags 0 8
            lru.next 8 8
            lru.prev 16 8
            __filler 8 8
            mlock_count 16 4
            mapping 24 8
            index 32 8
            private 40 8
            swap.val 40 8
            _mapcount.counter 48 4
            _refcount.counter 52 4
            memcg_data 56 8
            _flags_1 64 8
            _head_1 72 8
            _large_mapcount.counter 80 4
            _entire_mapcount.counter 84 4
            _nr_pages_mapped.counter 88 4
            _pincount.counter 92 4
            _folio_nr_pages 96 4
            _flags_2 128 8
            _head_2 136 8
            _hugetlb_subpool 144 8
            _hugetlb_cgroup 152 8
            _hugetlb_cgroup_rsvd 160 8
            _hugetlb_hwpoison 168 8
            _flags_2a 128 8
            _head_2a 136 8
            _deferred_list.next 144 8
            _deferred_list.prev 152 8
            """);
        FACTS.put("slab", """
            64 16
            __page_flags 0 8
            slab_cache 8 8
            slab_list.next 16 8
            slab_list.prev 24 8
            next 16 8
            slabs 24 4
            freelist 32 8
            counters 40 8
            inuse 40 4 0:16
            objects 40 4 16:15
            frozen 40 4 31:1
            freelist_counter.freelist 32 8
            freelist_counter.counter 40 8
            freelist_counter.full 32 16
            callback_head.next 16 8
            callback_head.func 24 8
            __page_type 48 4
            __page_refcount.counter 52 4
            obj_exts 56 8
            """);
        FACTS.put("ptdesc", """
            64 8
            __page_flags 0 8
            pt_rcu_head.next 8 8
            pt_rcu_head.func 16 8
            pt_list.next 8 8
            pt_list.prev 16 8
            _pt_pad_1 8 8
            pmd_huge_pte 16 8
            __page_mapping 24 8
            pt_index 32 8
            pt_mm 32 8
            pt_frag_refcount.counter 32 4
            _pt_pad_2 40 8
            ptl.rlock.raw_lock.val.counter 40 4
            ptl.rlock.raw_lock.locked 40 1
            ptl.rlock.raw_lock.pending 41 1
            ptl.rlock.raw_lock.locked_pending 40 2
            ptl.rlock.raw_lock.tail 42 2
            __page_type 48 4
            __page_refcount.counter 52 4
            pt_memcg_data 56 8
            """);
    }

    private static String actual(StructLayout s, boolean skipEmbeddedPages) {
        StringBuilder b = new StringBuilder().append(s.size()).append(' ').append(s.align()).append('\n');
        for (MemberRef r : s.leaves()) {
            if (skipEmbeddedPages && r.path().matches("(page|__page_\\d)\\..*")) continue;
            b.append(r.path()).append(' ').append(r.offset()).append(' ').append(r.size());
            if (r.bitfield()) b.append(' ').append(r.bitOffset()).append(':').append(r.bitWidth());
            b.append('\n');
        }
        return b.toString();
    }

    @Test
    void theDefaultConfigIsTheBaselines() {
        assertEquals(Baseline.X86_64_CONFIG, Baseline.state().config());
    }

    @Test
    void engineLayoutIsTheFacts() {
        CHeader h = Baseline.header(Abi.LP64, Baseline.X86_64_CONFIG);
        List<String> wrong = new ArrayList<>();
        StringBuilder all = new StringBuilder();
        for (String name : List.of("page", "folio", "slab", "ptdesc")) {
            String got = actual(h.struct(name).orElseThrow(), true);
            all.append("FACTS.put(\"").append(name).append("\", \"\"\"\n").append(got).append("\"\"\");\n");
            if (!got.equals(FACTS.get(name))) wrong.add(name);
        }
        assertEquals(List.of(), wrong, "layout differs from the facts; the engine's layout is:\n" + all);
    }

    /** gcc, on the same text, agrees with every line of the table (and rejects a wrong line). */
    @Test
    void gccAgreesWithTheFacts() throws Exception {
        Assumptions.assumeTrue(Gcc.available("gcc"), "gcc not installed: cross-check skipped");
        Gcc.Result r = Gcc.syntaxOnly(dir, "facts.c", Baseline.cFile(Baseline.X86_64_CONFIG) + gccAsserts(FACTS), Abi.LP64);
        assertEquals(0, r.exit(), r.output());
        Map<String, String> wrong = new LinkedHashMap<>(FACTS);
        wrong.put("page", FACTS.get("page").replace("memcg_data 56 8", "memcg_data 48 8"));
        Gcc.Result bad = Gcc.syntaxOnly(dir, "wrong.c", Baseline.cFile(Baseline.X86_64_CONFIG) + gccAsserts(wrong), Abi.LP64);
        assertTrue(bad.exit() != 0 && bad.output().contains("struct page memcg_data"), bad.output());
    }

    private static String gccAsserts(Map<String, String> facts) {
        StringBuilder c = new StringBuilder("\n/* the facts */\n");
        int n = 0;
        for (var e : facts.entrySet()) {
            String t = "struct " + e.getKey();
            String[] lines = e.getValue().strip().split("\n");
            String[] sa = lines[0].split(" ");
            c.append("_Static_assert(sizeof(").append(t).append(") == ").append(sa[0]).append(", \"size ").append(t).append("\");\n");
            c.append("_Static_assert(_Alignof(").append(t).append(") == ").append(sa[1]).append(", \"align ").append(t).append("\");\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].split(" ");
                if (f.length > 3) continue;   // a bitfield: offsetof cannot name it; the engine's check covers it
                c.append("_Static_assert(__builtin_offsetof(").append(t).append(", ").append(f[0]).append(") == ").append(f[1])
                    .append(" && sizeof(((").append(t).append(" *)0)->").append(f[0]).append(") == ").append(f[2])
                    .append(", \"").append(t).append(' ').append(f[0]).append("\");\n");
                n++;
            }
        }
        assertTrue(n > 80, "member facts: " + n);
        return c.toString();
    }
}
