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

    /**
     * The shipped plans side by side on a population small enough to work out by hand: 1 GiB = 262144 frames,
     * 1024 order-0 anon folios and 255 free order-10 blocks (1024 + 255 x 1024 = 262144).
     */
    @Test void theShippedPlansWorkedOutByHand() {
        Population gib = new Population("1 GiB by hand", 262144,
                List.of(new Population.Slice(AllocKind.ANON, 0, 1024), new Population.Slice(AllocKind.BUDDY_FREE, 10, 255)), List.of());
        List<Roadmap> plans = new java.util.ArrayList<>();
        for (String f : List.of("roadmap.yaml", "roadmaps/path-002.yaml", "roadmaps/two-word.yaml"))
            plans.add(RoadmapLoader.load(Path.of("..").resolve(f), f));
        Comparison c = Comparison.of(plans, List.of(gib), null, null);
        Comparison.Plan path = c.plans().get(0), p002 = c.plans().get(1), two = c.plans().get(2);
        for (Comparison.Plan p : c.plans()) {
            // the same v6.12 baseline: 262144 frames x 64 B, every descriptor overlaid
            assertEquals(64, p.baselinePageBytes(), p.file());
            assertEquals(262144L * 64, p.costs().get(0).baselineTotal(), p.file());
        }
        // the Path: 8-byte page; 1024 folios of 80 B, 51 to a 4 KiB slab -> ceil(1024 / 51) = 21 slabs
        assertEquals(8, path.finalPageBytes());
        assertEquals(262144L * 8, path.costs().get(0).memmap());
        assertEquals(21L * 4096, path.costs().get(0).descriptors());
        assertEquals(2097152L + 86016, path.costs().get(0).total());
        assertEquals(path.costs(), p002.costs(), "002 differs only in the 32-byte step: the same final state");
        assertEquals(List.of("shrink-32"), p002.stepsDiffering());
        // two words: 16-byte page; Wilcox's 104-byte folio, 39 to a slab -> ceil(1024 / 39) = 27 slabs
        assertEquals(16, two.finalPageBytes());
        assertEquals(262144L * 16, two.costs().get(0).memmap());
        assertEquals(27L * 4096, two.costs().get(0).descriptors());
        assertEquals(4194304L + 110592, two.costs().get(0).total());
        assertEquals(0.1953125, path.memmapPercent(), 1e-12);
        assertEquals(0.390625, two.memmapPercent(), 1e-12, "16 / 4096");
        // break-even of a folio: the Path 8 << k + 4096/51 < 64 << k first at k = 1; two words 16 << k + 4096/39 first at k = 2
        assertEquals(1, path.breakEven().get("folio"));
        assertEquals(2, two.breakEven().get("folio"));
        assertEquals("2 TiB per zone", path.largestMachine());
        assertEquals("no limit (pointers)", two.largestMachine(), "two words keep pointers, no PFN fields");
        assertEquals(java.util.Set.of("slab-split", "dyn-folio", "two-word", "vmalloc-allocatee", "-buddy-order-flags", "-shrink-32",
                "-shrink-16", "-memdesc-8", "-buddy-pfn", "-buddy-zone-relative"), java.util.Set.copyOf(two.stepsDiffering()));
        assertEquals(22, path.steps());
        assertEquals(18, two.steps());
        assertEquals(two.states(), two.totalsByState().size());
        assertEquals(262144L * 16 + 110592, two.totalsByState().get(two.states() - 1), "the chart's last point is the final total");
        String text = c.text();
        assertTrue(text.lines().anyMatch(l -> l.matches("struct page +64 -> 8 B +64 -> 8 B +64 -> 16 B")), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("memmap, % of RAM +0\\.20% +0\\.20% +0\\.39%")), text);
    }

    /**
     * The seeds' claims under each plan. 001: two words are "0.4% of system memory" (16 / 4096 = 0.390625%).
     * What order-0 and order-1 folios cost, metadata per allocation (struct pages + one slab object) against
     * the baseline's 64 << k: the Path's 32-byte page with an 80-byte folio (51 a slab: 4096/51 = 80.3 B) costs
     * 112.3 and 144.3 B (more, 003's claim), 208.3 at order 2 (less); its 8-byte end 88.3 (more) and 96.3
     * (less); the two-word plan with Wilcox's 104-byte folio (39 a slab: 105.0 B) 121.0 and 137.0 B (both more)
     * and 169.0 at order 2 (less).
     */
    @Test void theSeedsClaimsUnderTheTwoWordPlan() {
        assertEquals(4096.0 / 51, memdesc.cost.MemoryCost.effectiveObjectBytes(80, 8), 1e-9);
        assertEquals(4096.0 / 39, memdesc.cost.MemoryCost.effectiveObjectBytes(104, 8), 1e-9);
        Roadmap path = RoadmapLoader.load(Path.of("..", "roadmap.yaml"));
        Path f = Path.of("..", "roadmaps", "two-word.yaml");
        Roadmap two = RoadmapLoader.load(f, f.toString());
        var ps = memdesc.cost.MemoryCost.shapes(path);
        var ts = memdesc.cost.MemoryCost.shapes(two);
        var last = ts.get(ts.size() - 1);
        assertEquals(16, last.structPageBytes());
        assertEquals(0.390625, 100.0 * last.structPageBytes() / 4096, 1e-12);
        assertEquals("0.4", String.format(java.util.Locale.ROOT, "%.1f", 100.0 * last.structPageBytes() / 4096), "001: 'two pointers ... 0.4%'");
        assertEquals(104, last.descriptor("folio").objectSize(), "Wilcox's file folio");
        // order 0 and 1 cost more under two words, order 2 less: break-even at 2
        assertTrue(16 + 4096.0 / 39 > 64 && 32 + 4096.0 / 39 > 128 && 64 + 4096.0 / 39 < 256);
        assertEquals(2, memdesc.cost.MemoryCost.breakEvenOrder(ts.get(0), last, "folio"));
        // the Path: 32 bytes break even at 2 (003), its 16- and 8-byte pages at 1
        assertEquals(2, memdesc.cost.MemoryCost.breakEvenOrder(ps.get(0), ps.get(path.resolve("shrink-32")), "folio"));
        assertEquals(1, memdesc.cost.MemoryCost.breakEvenOrder(ps.get(0), ps.get(path.resolve("shrink-16")), "folio"));
        assertEquals(1, memdesc.cost.MemoryCost.breakEvenOrder(ps.get(0), ps.get(ps.size() - 1), "folio"));
        // before the shrink the two-word plan's separate folio only adds: every order costs more than the baseline
        assertEquals(null, memdesc.cost.MemoryCost.breakEvenOrder(ts.get(0), ts.get(two.resolve("dyn-folio")), "folio"));
    }
}
