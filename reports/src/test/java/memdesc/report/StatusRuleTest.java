package memdesc.report;

import memdesc.steps.Roadmap;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Measured status: done when every probe of a step is at 0 at the newest ref, in progress when its
 * matches fell since the oldest ref, planned otherwise; steps without counted probes keep status:.
 */
class StatusRuleTest {
    static Progress counts(long lruOld, long lruNew, long indexOld, long indexNew) {
        Map<String, Map<String, Long>> c = new LinkedHashMap<>();
        c.put("v1", Map.of("page->lru", lruOld, "page->index", indexOld));
        c.put("v2", Map.of("page->lru", (lruOld + lruNew) / 2, "page->index", indexOld));
        c.put("v3", Map.of("page->lru", lruNew, "page->index", indexNew));
        return new Progress("/linux", List.of("v1", "v2", "v3"),
                List.of(new Progress.ProbeDef("page->lru", "a"), new Progress.ProbeDef("page->index", "b")), c, List.of());
    }

    static Map<String, String> statuses(Roadmap r, Progress p) {
        Map<String, String> m = new LinkedHashMap<>();
        Report.build(r, null, null, null, p).steps().forEach(s -> m.put(s.id(), s.status() + "/" + s.statusSource()));
        return m;
    }

    @Test void withoutProgressTheRoadmapDecides() {
        assertEquals(Map.of("lru-uses", "in-progress/roadmap", "index-uses", "in-progress/roadmap",
                "slab-split", "planned/roadmap", "shrink-32", "planned/roadmap"), statuses(Fixtures.roadmap(), null));
    }

    @Test void zeroAtTheNewestRefIsDone() {
        var s = statuses(Fixtures.roadmap(), counts(100, 0, 7, 0));
        assertEquals("done/probes", s.get("lru-uses"));
        assertEquals("done/probes", s.get("index-uses"));
        // no probes: the roadmap's status stands
        assertEquals("planned/roadmap", s.get("slab-split"));
    }

    @Test void fallingIsInProgressAndFlatOrRisingIsPlanned() {
        var s = statuses(Fixtures.roadmap(), counts(100, 60, 7, 9));
        assertEquals("in-progress/probes", s.get("lru-uses"));
        assertEquals("planned/probes", s.get("index-uses"), "more uses than before: the work has not started");
        assertEquals("planned/probes", statuses(Fixtures.roadmap(), counts(100, 100, 7, 7)).get("lru-uses"));
    }

    /** A roadmap that says done is overruled when the tree still has uses, and the reverse. */
    @Test void measurementOverrulesTheRoadmap() {
        Roadmap r = Fixtures.roadmap();
        var steps = new java.util.ArrayList<>(r.steps());
        steps.set(0, Fixtures.step(1, "lru-uses", "Remove page->lru uses", "immediate", List.of(), "done",
                Map.of("page->lru", "page->lru\\b")));
        Roadmap claimsDone = new Roadmap(r.name(), r.file(), r.phases(), r.baseline(), steps);
        assertEquals("in-progress/probes", statuses(claimsDone, counts(100, 1, 7, 0)).get("lru-uses"));
    }

    @Test void aProbeNotCountedLeavesTheRoadmapStatus() {
        Map<String, Map<String, Long>> c = new LinkedHashMap<>();
        c.put("v1", Map.of("page->lru", 0L));
        Progress p = new Progress("/linux", List.of("v1"), List.of(new Progress.ProbeDef("page->lru", "a")), c, List.of());
        var s = statuses(Fixtures.roadmap(), p);
        assertEquals("done/probes", s.get("lru-uses"));
        assertEquals("in-progress/roadmap", s.get("index-uses"));
    }

    /** Issue 21: 22 -> 40 -> 22 fell from its peak; first against last alone called it planned. */
    @Test void theTrendDecidesNotTheEnds() {
        Map<String, Map<String, Long>> c = new LinkedHashMap<>();
        c.put("v1", Map.of("page->lru", 22L, "page->index", 5L));
        c.put("v2", Map.of("page->lru", 40L, "page->index", 3L));
        c.put("v3", Map.of("page->lru", 22L, "page->index", 6L));
        Progress p = new Progress("/linux", List.of("v1", "v2", "v3"),
                List.of(new Progress.ProbeDef("page->lru", "a"), new Progress.ProbeDef("page->index", "b")), c, List.of());
        var s = statuses(Fixtures.roadmap(), p);
        assertEquals("in-progress/probes", s.get("lru-uses"));
        assertEquals("planned/probes", s.get("index-uses"), "at a new high: more added than removed");
    }

    /** Matches only in comments do not keep a step open when the file has code-only counts. */
    @Test void commentsDoNotCountForStatus() {
        Map<String, Map<String, Long>> all = new LinkedHashMap<>();
        all.put("v1", Map.of("page->lru", 10L, "page->index", 4L));
        all.put("v2", Map.of("page->lru", 2L, "page->index", 4L));
        Map<String, Map<String, Long>> code = new LinkedHashMap<>();
        code.put("v1", Map.of("page->lru", 9L, "page->index", 4L));
        code.put("v2", Map.of("page->lru", 0L, "page->index", 3L));
        var defs = List.of(new Progress.ProbeDef("page->lru", "a"), new Progress.ProbeDef("page->index", "b"));
        var s = statuses(Fixtures.roadmap(), new Progress("/linux", List.of("v1", "v2"), defs, all, List.of(), code, List.of()));
        assertEquals("done/probes", s.get("lru-uses"), "the two left are in comments");
        assertEquals("in-progress/probes", s.get("index-uses"));
        var withComments = statuses(Fixtures.roadmap(), new Progress("/linux", List.of("v1", "v2"), defs, all, List.of()));
        assertEquals("in-progress/probes", withComments.get("lru-uses"));
        assertEquals("planned/probes", withComments.get("index-uses"));
    }

    @Test void summaryCountsTheMeasuredStatuses() {
        var m = Report.build(Fixtures.roadmap(), null, null, null, counts(100, 0, 7, 3));
        assertEquals(1, m.summary().done());
        assertEquals(1, m.summary().inProgress());
        assertEquals(2, m.summary().planned());
    }
}
