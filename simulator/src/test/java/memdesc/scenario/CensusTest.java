package memdesc.scenario;

import memdesc.model.Layouts;
import memdesc.model.Machine;
import memdesc.model.StateLayouts;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The census is read from simulated memory: corrupting one word of it (a folio's refcount, in the state's
 * own layout) changes the trace, and the comparison names the PFN and the field.
 */
class CensusTest {
    static final Roadmap R = RoadmapLoader.load(Path.of("../roadmap.yaml"));

    @Test void corruptingOneWordOfSimulatedMemoryChangesTheCensusAndTheDiffNamesPfnAndField() {
        for (String id : List.of("baseline", "shrink-32")) {
            State s = R.states().get(R.resolve(id));
            Layouts l = StateLayouts.of(s);
            Machine m = new Machine(s, l, 64L << 20, false);
            try {
                Kernel k = new Kernel(m);
                long as = k.pc.newMapping(k.group(1));
                long folio = k.pc.add(as, 0, 0, k.group(1));
                k.pc.add(as, 4, 2, k.group(1));
                List<String> before = k.census(), again = k.census();
                assertEquals(before, again, "the census reads, it does not change memory");
                assertTrue(before.stream().anyMatch(x -> x.contains("folio file order=2") && x.contains(" file=1 index=4")), before.toString());
                long pfn = k.folios.pfn(folio);
                // the folio's _refcount, wherever this state keeps it
                String st = s.separate("folio") ? "folio" : "page";
                long base = s.separate("folio") ? folio : m.pageAddr(pfn);
                long off = l.field(st, "_refcount").orElseThrow().offset();
                m.mem.write(base + off, 4, 7);
                List<String> after = k.census();
                assertNotEquals(before, after, id);
                RunResult.ScenarioResult a = new RunResult.ScenarioResult("x", RunResult.Status.PASS, 0, after, 0, 0, 0, "");
                RunResult.ScenarioResult b = new RunResult.ScenarioResult("x", RunResult.Status.PASS, 0, before, 0, 0, 0, "");
                RunResult ra = new RunResult(id, 0, 0, 0, List.of(a), null, java.util.Map.of(), java.util.Map.of());
                RunResult rb = new RunResult(id, 0, 0, 0, List.of(b), null, java.util.Map.of(), java.util.Map.of());
                List<String> diff = ra.diff(rb);
                assertEquals(1, diff.size());
                assertTrue(diff.get(0).contains("census differs: pfn ") && diff.get(0).contains("(field ref: 7 here, 1 in the baseline)"), diff.get(0));
            } finally {
                m.release();
            }
        }
    }
}
