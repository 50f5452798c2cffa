package memdesc.scenario;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With the type-confusion checker on, the roadmap's states at each struct page size run every scenario
 * without one read through a member other than the one that wrote the bytes (beyond the aliasing the
 * kernel designs in), and produce the same trace as without it.
 */
class TypeConfusionTest {
    static final Roadmap R = RoadmapLoader.load(Path.of("../roadmap.yaml"));

    @Test void noTypeConfusionAt64_32_16And8Bytes() {
        for (String id : List.of("baseline", "dyn-folio", "shrink-32", "shrink-16", "buddy-zone-relative")) {
            State s = R.states().get(R.resolve(id));
            RunResult checked = Scenarios.run(s, 64L << 20, 5, List.of(), true);
            assertTrue(checked.passed(), () -> id + ": " + checked.failure().describe());
            RunResult plain = Scenarios.run(s, 64L << 20, 5, List.of(), false);
            assertEquals(List.of(), checked.diff(plain), id);
        }
    }
}
