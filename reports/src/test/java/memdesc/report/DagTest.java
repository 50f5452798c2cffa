package memdesc.report;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Longest-path layering: every edge goes right, and a node sits just past its deepest need. */
class DagTest {
    static Map<String, List<String>> graph() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("a", List.of());
        g.put("b", List.of("a"));
        g.put("c", List.of("b"));
        g.put("d", List.of("a", "c")); // a long edge a -> d and a chain a -> b -> c -> d
        g.put("e", List.of());
        g.put("f", List.of("e"));
        return g;
    }

    @Test void layersFollowTheLongestChain() {
        Map<String, Integer> l = Dag.longestPathLayers(graph());
        assertEquals(Map.of("a", 0, "b", 1, "c", 2, "d", 3, "e", 0, "f", 1), l);
        graph().forEach((n, needs) -> needs.forEach(m -> assertTrue(l.get(m) < l.get(n), m + " -> " + n)));
    }

    @Test void everyNodeIsInExactlyOneLayer() {
        var g = graph();
        List<List<String>> layers = Dag.byLayer(g, Dag.longestPathLayers(g));
        assertEquals(4, layers.size());
        assertEquals(g.keySet().size(), layers.stream().mapToInt(List::size).sum());
        assertEquals(List.of("a", "e"), layers.get(0));
    }

    /** Children are ordered under their parents (barycentre), which keeps edges from crossing. */
    @Test void childrenFollowTheirParentsOrder() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("p", List.of());
        g.put("q", List.of());
        g.put("under-q", List.of("q"));
        g.put("under-p", List.of("p"));
        List<List<String>> layers = Dag.byLayer(g, Dag.longestPathLayers(g));
        assertEquals(List.of("under-p", "under-q"), layers.get(1));
    }

    @Test void reportModelLayersTheDeclaredGraphWhenInferenceIsMissing() {
        ReportModel m = Fixtures.roadmapOnly();
        assertEquals(false, m.deps().inferred());
        assertEquals(List.of(List.of("lru-uses", "index-uses"), List.of("slab-split"), List.of("shrink-32")), m.deps().layers());
        ReportModel full = Fixtures.full();
        assertEquals(true, full.deps().inferred());
        // inferred: index-uses needs lru-uses (not declared); shrink-32 does not need index-uses (declared)
        var rows = full.deps().rows();
        assertEquals(List.of("lru-uses"), rows.get(1).undeclared());
        assertEquals(List.of("index-uses"), rows.get(3).unneeded());
        assertEquals(List.of(), rows.get(3).undeclared(), "lru-uses is declared transitively through slab-split");
    }
}
