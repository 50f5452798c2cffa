package memdesc.layout;

import memdesc.build.ReleaseFacts;
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

    /** struct: "size align", then "member offset size" or "member offset size bit:width" (resource release/v6.12.facts). */
    static final Map<String, String> FACTS = new LinkedHashMap<>();
    static {
        ReleaseFacts.Facts f = ReleaseFacts.of("v6.12").orElseThrow();
        for (ReleaseFacts.StructFacts s : f.structs().values()) FACTS.put(s.name(), s.table());
    }

    @Test
    void theFactsCoverTheOverlaidStructsAndTheirNeighbours() {
        assertEquals(List.of("page", "folio", "slab", "ptdesc", "buffer_head", "folio_batch"), List.copyOf(FACTS.keySet()));
        assertEquals(Baseline.X86_64_CONFIG, ReleaseFacts.of("v6.12").orElseThrow().config());
        assertTrue(FACTS.get("page").startsWith("64 16\n") && FACTS.get("folio").startsWith("192 16\n"), FACTS.toString());
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
        for (String name : FACTS.keySet()) {
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
