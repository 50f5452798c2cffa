package memdesc.report;

import memdesc.build.Diagnostic;
import memdesc.steps.Expect;
import memdesc.steps.Loc;
import memdesc.steps.Phase;
import memdesc.steps.Probe;
import memdesc.steps.Roadmap;
import memdesc.steps.Source;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.verify.DepGraph;
import memdesc.verify.Verdict;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A small, fixed roadmap with every section filled: the input of the golden tests. */
final class Fixtures {
    private Fixtures() {}

    static final String FILE = "small.yaml";

    static Step step(int n, String id, String title, String phase, List<String> requires, String status,
                     Map<String, String> probes) {
        List<Probe> ps = new ArrayList<>();
        probes.forEach((k, v) -> ps.add(new Probe(k, v, new Loc(FILE, n * 10 + 5, 7))));
        return new Step(n, id, title, phase, requires.stream().map(r -> new Step.Ref(r, new Loc(FILE, n * 10, 16))).toList(),
                new Source("000_1925f753cd08e018.txt", phase.equals("immediate") ? "Immediate projects" : "Page2026",
                        new Loc(FILE, n * 10 + 2, 13)),
                List.of(), Expect.NONE, ps, status, null, new Loc(FILE, n * 10, 5), "0".repeat(64));
    }

    static Roadmap roadmap(String titleOfStep3) {
        State base = State.baseline(Map.of(), new TreeMap<>(), Map.of(), Map.of(), Map.of(), Map.of());
        List<Phase> phases = List.of(new Phase("immediate", "Immediate projects", true, new Loc(FILE, 3, 5)),
                new Phase("shrink", "32-byte struct page", false, new Loc(FILE, 6, 5)));
        List<Step> steps = List.of(
                step(1, "lru-uses", "Remove page->lru uses", "immediate", List.of(), "in-progress",
                        Map.of("page->lru", "page->lru\\b")),
                step(2, "index-uses", "Remove page->index uses", "immediate", List.of(), "in-progress",
                        Map.of("page->index", "page->index\\b")),
                step(3, "slab-split", titleOfStep3, "shrink", List.of("lru-uses"), "planned", Map.of()),
                step(4, "shrink-32", "Shrink struct page to 32 bytes", "shrink", List.of("slab-split", "index-uses"),
                        null, Map.of()));
        return new Roadmap("memdesc Path (small)", FILE, phases, base, steps);
    }

    static Roadmap roadmap() {
        return roadmap("Split slab from page and folio, so that a slab is allocated separately and"
                + " struct page no longer overlays it");
    }

    static final long[] PAGE = {64, 64, 64, 64, 32};
    static final String[] IDS = {"baseline", "lru-uses", "index-uses", "slab-split", "shrink-32"};

    static List<Verdict> verdicts() {
        List<Verdict> v = new ArrayList<>();
        for (int i = 0; i < IDS.length; i++) {
            boolean bad = i == 3;
            List<Diagnostic> diags = bad ? List.of(new Diagnostic(new Loc(FILE, 33, 9),
                    "user 'slab' accesses page.slab_cache, which struct page no longer has")) : List.of();
            v.add(new Verdict(i, IDS[i], "h" + i, bad ? 0 : PAGE[i], bad ? 0 : PAGE[i] * 100.0 / 4096,
                    i == 4 ? 3_221_225_472L : 0, diags, bad ? 0 : 12, bad ? 0 : 12, List.of(),
                    bad ? "does not build: user 'slab' accesses page.slab_cache, which struct page no longer has" : null,
                    bad ? FILE + ":33:9" : null, 10 + i, false));
        }
        return v;
    }

    static final String[] MACHINES = {"16 GiB", "1 TiB", "16 TiB"};
    static final long[] RAM = {16L << 30, 1L << 40, 16L << 40};

    /** Memmap is RAM/4096 pages of struct page; descriptors 1/256 of RAM once folios are separate. */
    static List<CostRow> cost() {
        List<CostRow> rows = new ArrayList<>();
        for (int i = 0; i < IDS.length; i++) {
            List<CostRow.MachineCost> ms = new ArrayList<>();
            for (int j = 0; j < MACHINES.length; j++) {
                long memmap = RAM[j] / 4096 * PAGE[i];
                long desc = i == 4 ? RAM[j] / 256 : 0;
                ms.add(new CostRow.MachineCost(MACHINES[j], RAM[j], memmap, desc, memmap + desc,
                        (memmap + desc) * 100.0 / RAM[j]));
            }
            rows.add(new CostRow(i, IDS[i], PAGE[i], ms));
        }
        return rows;
    }

    static DepGraph deps() {
        Map<String, List<String>> declared = new LinkedHashMap<>();
        declared.put("lru-uses", List.of());
        declared.put("index-uses", List.of());
        declared.put("slab-split", List.of("lru-uses"));
        declared.put("shrink-32", List.of("slab-split", "index-uses"));
        Map<String, List<String>> inferred = new LinkedHashMap<>();
        inferred.put("lru-uses", List.of());
        inferred.put("index-uses", List.of("lru-uses"));
        inferred.put("slab-split", List.of("lru-uses"));
        inferred.put("shrink-32", List.of("slab-split"));
        return new DepGraph(declared, inferred);
    }

    static Progress progress() {
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        counts.put("v6.10", Map.of("page->lru", 120L, "page->index", 30L, "page->mapping", 400L));
        counts.put("v6.11", Map.of("page->lru", 80L, "page->index", 5L, "page->mapping", 390L));
        counts.put("v6.12", Map.of("page->lru", 45L, "page->index", 0L, "page->mapping", 391L));
        return new Progress("/src/linux", List.of("v6.10", "v6.11", "v6.12"),
                List.of(new Progress.ProbeDef("page->lru", "page->lru\\b"),
                        new Progress.ProbeDef("page->index", "page->index\\b"),
                        new Progress.ProbeDef("page->mapping", "page->mapping\\b")),
                counts, List.of(), Map.of(), List.of(
                        new Progress.Breakdown("subsystem", List.of(
                                row("THE REST", List.of(), 400, 391),
                                row("F2FS FILE SYSTEM", List.of(), 200, 150),
                                row("MEMORY MANAGEMENT", List.of(), 100, 141))),
                        new Progress.Breakdown("file", List.of(
                                row("fs/f2fs/data.c", List.of("F2FS FILE SYSTEM", "THE REST"), 200, 150),
                                row("mm/filemap.c", List.of("MEMORY MANAGEMENT", "PAGE CACHE", "THE REST"), 100, 141)))));
    }

    /** A breakdown row with page->mapping counts at v6.10 and v6.12 (v6.11 halfway). */
    static Progress.Row row(String key, List<String> sections, long first, long last) {
        Map<String, Map<String, Long>> c = new LinkedHashMap<>();
        c.put("v6.10", Map.of("page->mapping", first));
        c.put("v6.11", Map.of("page->mapping", (first + last) / 2));
        c.put("v6.12", Map.of("page->mapping", last));
        return new Progress.Row(key, sections, c);
    }

    static ReportModel full() {
        return Report.build(roadmap(), verdicts(), cost(), deps(), progress())
                .withMutation(new ReportModel.Mutation(40, 37, 38, 2, 0, 100.0 * 37 / 38, 1, 4L << 30, 61_000));
    }

    static ReportModel roadmapOnly() {
        return Report.build(roadmap(), null, null, null, null);
    }
}
