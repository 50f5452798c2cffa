package memdesc.report;

import memdesc.cost.AllocKind;
import memdesc.cost.Population;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** compare on two small plans whose numbers are worked out by hand, and on the shipped one. */
class ComparisonTest {
    static final String BASE = """
            name: NAME
            phases:
              - {id: p, title: P}
            baseline:
              title: b
              source: {seed: s.txt, section: S}
              structs:
                page: "struct page { unsigned long flags; unsigned long a[7]; };"
                folio: "struct folio { unsigned long flags; unsigned long x[7]; };"
              descriptors:
                folio: {struct: folio, placement: memmap}
              users:
                u: {file: f.c, title: U, accesses: [page.flags]}
            steps:
              - id: shrink
                title: shrink
                phase: p
                source: {seed: s.txt, section: S}
                changes:
            """;

    /** 32-byte page, 64-byte folio from its own slab cache. */
    static final String A = BASE.replace("NAME", "A") + """
                  - define: {struct: page, c: "struct page { unsigned long flags; unsigned long memdesc; unsigned long p[2]; };"}
                  - define: {struct: folio, c: "struct folio { unsigned long flags; unsigned long x[7]; };"}
                  - allocate: {descriptor: folio, struct: folio, placement: separate}
                  - convert: {users: [u], from: page.flags, to: folio.flags}
            """;

    /** 16-byte page, 80-byte folio; u keeps page.flags (so it does not change). */
    static final String B = BASE.replace("NAME", "B") + """
                  - define: {struct: page, c: "struct page { unsigned long flags; unsigned long memdesc; };"}
                  - define: {struct: folio, c: "struct folio { unsigned long f[10]; };"}
                  - allocate: {descriptor: folio, struct: folio, placement: separate}
            """;

    static Roadmap load(String name, String text) {
        return RoadmapLoader.parse(name, text.getBytes(StandardCharsets.UTF_8));
    }

    /** 4 MiB: 256 order-0 anon folios, 768 free frames. */
    static final Population P = new Population("hand", 1024,
            List.of(new Population.Slice(AllocKind.ANON, 0, 256), new Population.Slice(AllocKind.BUDDY_FREE, 8, 3)), List.of());

    @Test void numbersWorkedOutByHand() {
        Comparison c = Comparison.of(List.of(load("a.yaml", A), load("b.yaml", B)), List.of(P), null, null);
        Comparison.Plan a = c.plans().get(0), b = c.plans().get(1);
        // baseline: 1024 frames x 64 B = 65536 B, for both plans
        assertEquals(65536, a.costs().get(0).baselineTotal());
        // A: memmap 1024 x 32 = 32768; 256 folios of 64 B = 64 a 4 KiB slab -> 4 slabs = 16384; total 49152
        assertEquals(32768, a.costs().get(0).memmap());
        assertEquals(16384, a.costs().get(0).descriptors());
        assertEquals(49152, a.costs().get(0).total());
        // B: memmap 1024 x 16 = 16384; 80 B -> 51 a slab (16 B left over) -> 6 slabs = 24576; total 40960
        assertEquals(16384, b.costs().get(0).memmap());
        assertEquals(24576, b.costs().get(0).descriptors());
        assertEquals(40960, b.costs().get(0).total());
        // break-even: A (32 << k) + 64 < 64 << k first at k = 2; B (16 << k) + 4096/51 < 64 << k first at k = 1
        assertEquals(2, a.breakEven().get("folio"));
        assertEquals(1, b.breakEven().get("folio"));
        assertEquals(0.78125, a.memmapPercent(), 1e-9);
        assertEquals(0.390625, b.memmapPercent(), 1e-9);
        assertEquals("no limit (pointers)", a.largestMachine());
        assertEquals(List.of("u"), a.usersChanged());
        assertEquals(List.of(), b.usersChanged());
        assertNull(a.statesOk(), "not checked");
        assertEquals(List.of(), a.stepsDiffering(), "the first plan is the reference");
        assertEquals(List.of("shrink"), b.stepsDiffering());
        assertEquals(List.of(65536L, 49152L), a.totalsByState());
        String text = c.text();
        assertTrue(text.contains("a.yaml"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("break-even order, folio +2 +1")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("verdict +not checked +not checked")), text);
        text.lines().forEach(l -> assertTrue(l.length() <= 80, "over 80 columns: " + l));
    }

    @Test void everyFormatCarriesThePlans() throws Exception {
        Comparison c = Comparison.of(List.of(load("a.yaml", A), load("b.yaml", B)), List.of(P), null, null);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.json());
        assertEquals(40960, json.get("plans").get(1).get("costs").get(0).get("total").asLong());
        assertTrue(c.markdown().contains("| break-even order, folio | 2 | 1 |"), c.markdown());
        String html = c.html();
        assertEquals(2, BrowserTest.count(html, "class=\"plan\""), "one line per plan on the chart");
        assertTrue(html.contains("<th>break-even order, folio</th><td>2</td><td>1</td>"), html);
    }

    @Test void theShippedPlanAgainstItself() {
        Roadmap r = RoadmapLoader.load(Path.of("..", "roadmap.yaml"));
        Comparison c = Comparison.of(List.of(r, r), List.of(memdesc.cost.MemoryCost.mix("idle").population(1L << 40)), null, null);
        Comparison.Plan p = c.plans().get(0);
        assertEquals(c.plans().get(0), c.plans().get(1));
        assertEquals(64, p.baselinePageBytes());
        assertEquals(8, p.finalPageBytes());
        assertEquals("2 TiB per zone", p.largestMachine(), "the 16-byte buddy descriptor's zone-relative PFNs");
        assertEquals(r.states().size(), p.totalsByState().size());
    }

    /** The seeds' claims, per shipped plan: 32 bytes makes order 0 and 1 folios cost more, two words are 0.4%. */
    @Test void theSeedsClaimsHoldForEveryShippedPlan() {
        for (Path file : List.of(Path.of("..", "roadmap.yaml"), Path.of("..", "roadmaps", "path-002.yaml"))) {
            Roadmap r = RoadmapLoader.load(file, file.toString());
            var shapes = memdesc.cost.MemoryCost.shapes(r);
            var base = shapes.get(0);
            var s32 = shapes.get(r.resolve("shrink-32"));
            var s16 = shapes.get(r.resolve("shrink-16"));
            assertEquals(32, s32.structPageBytes(), file.toString());
            assertEquals(2, memdesc.cost.MemoryCost.breakEvenOrder(base, s32, "folio"), file + ": 003 'order 0 and 1 use more memory, order 2+ less'");
            assertEquals(16, s16.structPageBytes(), file.toString());
            assertEquals("0.4", String.format(java.util.Locale.ROOT, "%.1f", 100.0 * s16.structPageBytes() / 4096), file + ": 001 'two pointers ... 0.4%'");
        }
    }
}
