package memdesc.verify;

import memdesc.build.RepoRoadmap;
import memdesc.steps.Change;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import memdesc.steps.Step;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The repository's roadmap through check, bisect, independence, deps, diff and the verdict cache. */
class RepoRoadmapVerifyTest {
    static final long MACHINE = 64L << 20;
    @TempDir static Path shared;
    static Roadmap repo;
    static Check check;

    @BeforeAll static void load() {
        repo = RepoRoadmap.load();
        check = new Check(Verification.standard(MACHINE, 1), new VerdictCache(shared.resolve("cache")), 2);
    }

    @Test void theRepositoryRoadmapIsBisectable() {
        List<Verdict> rows = new ArrayList<>();
        Check.Result r = check.run(repo, rows::add);
        assertTrue(r.bisectable(), () -> r.firstBad().map(v -> v.stepId() + ": " + v.failure() + " " + v.diagnostics()).orElse(""));
        assertEquals(repo.steps().size() + 1, r.verdicts().size());
        // rows arrive in roadmap order, whatever order the workers finish in
        for (int i = 0; i < rows.size(); i++) assertEquals(i, rows.get(i).index());
        // struct page shrinks as the Path says: 64 -> 32 -> 16 -> 8
        assertEquals(64, r.verdicts().get(0).structPageBytes());
        assertEquals(32, r.verdicts().get(repo.resolve("shrink-32")).structPageBytes());
        assertEquals(16, r.verdicts().get(repo.resolve("shrink-16")).structPageBytes());
        assertEquals(8, r.verdicts().get(repo.resolve("memdesc-8")).structPageBytes());
        Bisect.Result b = new Bisect(check).run(repo, s -> {});
        assertFalse(b.found());
        assertTrue(b.message().contains("nothing to bisect"), b.message());
    }

    @Test void theImmediateProjectsAreIndependent() {
        Independence ind = new Independence(check);
        assertEquals(List.of("immediate"), ind.independentPhases(repo).stream().map(p -> p.id()).toList());
        Independence.Result r = ind.run(repo, "immediate");
        assertEquals(8, r.steps().size());
        assertTrue(r.declared().values().stream().allMatch(List::isEmpty), "the immediate projects declare no requirement among themselves");
        assertEquals(255, r.subsets(), "every non-empty subset of 8 steps");
        assertTrue(r.orders() > r.subsets(), "a second order for every subset of two or more");
        assertTrue(r.distinctStates() <= r.orders());
        assertTrue(r.independent(), () -> r.failures().stream().limit(5).map(f -> f.order() + ": " + f.reason()).collect(Collectors.joining("\n")));
    }

    @Test void independenceReportsAPairThatDoesNotCompose() {
        // bh-b-page converts buffer heads to b_folio; make release-pages-arg remove b_folio as well:
        // each step alone builds, together the buffer_head user has neither member.
        Roadmap r = RepoRoadmap.edited("      - remove: release_pages_arg.folios\n",
                "      - remove: release_pages_arg.folios\n      - remove: buffer_head.b_folio\n");
        Independence.Result res = new Independence(check).run(r, "immediate");
        assertFalse(res.independent());
        assertTrue(res.dependent().stream().anyMatch(p -> java.util.Set.of(p.a(), p.b()).equals(java.util.Set.of("bh-b-page", "release-pages-arg"))
                        && p.reason().contains("b_folio")),
                res.dependent().toString() + " " + res.failures().stream().limit(3).toList());
        // each alone passes, and that pair is the only smallest failing subset: the other steps are innocent
        assertEquals(1, res.minimal().size(), res.minimal().toString());
        assertTrue(res.failures().stream().allMatch(f -> f.order().containsAll(List.of("bh-b-page", "release-pages-arg"))));
    }

    @Test void deps32NamesTheRemovalsItNeeds() {
        Deps.Needs n = new Deps(check).of(repo, "shrink-32");
        assertNull(n.problem());
        // the immediate projects that remove page members users still touch, and the folio's move out of the memmap
        for (String id : List.of("lru-uses", "index-uses", "mapping-uses", "bump-split", "dyn-folio"))
            assertTrue(n.inferred().contains(id), id + " not in " + n.inferred());
        for (String id : n.inferred()) {
            Step s = repo.step(id).orElseThrow();
            assertTrue(s.number() < repo.resolve("shrink-32"));
        }
        assertTrue(n.undeclared().isEmpty(), "the roadmap declares everything shrink-32 needs: " + n.undeclared());
        // sufficient: those steps in roadmap order, then shrink-32, is a bisectable history;
        // minimal: without any one of them some state along it fails
        Step shrink = repo.step("shrink-32").orElseThrow();
        List<Step> needed = new ArrayList<>(repo.steps().stream().filter(s -> n.inferred().contains(s.id())).toList());
        needed.add(shrink);
        assertTrue(check.run(Mutations.withSteps(repo, needed), v -> {}).bisectable());
        for (String id : n.inferred()) {
            List<Step> without = needed.stream().filter(s -> !s.id().equals(id)).toList();
            assertFalse(check.run(Mutations.withSteps(repo, without), v -> {}).bisectable(), "shrink-32 builds and passes without " + id);
        }
        // every inferred removal step does remove something
        assertTrue(n.inferred().stream().map(id -> repo.step(id).orElseThrow())
                .filter(s -> s.changes().stream().anyMatch(c -> c instanceof Change.Remove)).count() >= 4);
    }

    @Test void diffReportsEachKindOfChange() {
        String text = RepoRoadmap.text();
        // changed: the wrong expect; removed: buddy-zone-relative; added: a new last step; moved: see below
        String edited = text.replace("sizes: {page: 32, folio: 80}", "sizes: {page: 24, folio: 80}");
        int cut = edited.indexOf("  - id: buddy-zone-relative");
        edited = edited.substring(0, cut) + """
                  - id: buddy-node-relative
                    title: Node-relative PFNs
                    phase: memdesc8
                    requires: [buddy-pfn]
                    source: {seed: 004_847855e0088d95d4.txt, section: Fleshing out memory descriptors}
                    status: planned
                    changes:
                      - helper: {name: buddy_pfn, impl: node_relative}
                """;
        Roadmap newer = RoadmapLoader.parse("new.yaml", edited.getBytes(StandardCharsets.UTF_8));
        // release-pages-arg two places later (after bump-split and memcg-data): only it moved
        List<Step> steps = new ArrayList<>(newer.steps());
        Step moved = steps.remove(newer.resolve("release-pages-arg") - 1);
        steps.add(steps.indexOf(newer.step("memcg-data").orElseThrow()) + 1, moved);
        newer = Mutations.withSteps(newer, steps);
        Map<String, RoadmapDiff.Kind> kinds = RoadmapDiff.diff(repo, newer).stream()
                .collect(Collectors.toMap(RoadmapDiff.Entry::id, RoadmapDiff.Entry::kind));
        assertEquals(RoadmapDiff.Kind.CHANGED, kinds.get("shrink-32"));
        assertEquals(RoadmapDiff.Kind.REMOVED, kinds.get("buddy-zone-relative"));
        assertEquals(RoadmapDiff.Kind.ADDED, kinds.get("buddy-node-relative"));
        assertEquals(RoadmapDiff.Kind.MOVED, kinds.get("release-pages-arg"));
        assertEquals(RoadmapDiff.Kind.SAME, kinds.get("lru-uses"));
        assertEquals(1, kinds.values().stream().filter(k -> k == RoadmapDiff.Kind.MOVED).count(), kinds.toString());
    }

    @Test void editingTheLastStepReverifiesOnlyTheChangedState() throws Exception {
        Path dir = Files.createDirectories(shared.resolve("edit-cache"));
        Check c = new Check(Verification.standard(MACHINE, 1), new VerdictCache(dir), 2);
        Check.Result cold = c.run(repo, v -> {});
        assertTrue(cold.verdicts().stream().noneMatch(Verdict::cached));
        Check.Result warm = c.run(repo, v -> {});
        assertTrue(warm.verdicts().stream().allMatch(Verdict::cached));
        assertTrue(Files.list(dir).findAny().isPresent(), "verdicts are stored in the cache directory given");

        Roadmap edited = RepoRoadmap.edited("      - helper: {name: buddy_pfn, impl: zone_relative}\n",
                "      - helper: {name: buddy_pfn, impl: zone_relative}\n      - config: {symbol: CONFIG_MEMDESC_TEST_EDIT, value: \"1\"}\n");
        Check.Result after = c.run(edited, v -> {});
        List<String> reverified = after.verdicts().stream().filter(v -> !v.cached()).map(Verdict::stepId).toList();
        assertEquals(List.of("buddy-zone-relative"), reverified);

        // An expect is not part of the state, but it decides the verdict: editing one must not hit the cache.
        Roadmap wrong = RepoRoadmap.edited("sizes: {page: 8, buddy: 16}", "sizes: {page: 8, buddy: 24}");
        Check.Result w = c.run(wrong, v -> {});
        assertEquals("memdesc-8", w.firstBad().orElseThrow().stepId());
        assertFalse(w.firstBad().get().cached());

        // --no-cache (a null cache) verifies everything
        assertTrue(new Check(Verification.standard(MACHINE, 1), null, 2).run(repo, v -> {}).verdicts().stream().noneMatch(Verdict::cached));
    }
}
