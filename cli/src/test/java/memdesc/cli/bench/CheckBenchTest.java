package memdesc.cli.bench;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pieces of bench check that decide its figures: the summary of runs, and the edit it re-checks. */
class CheckBenchTest {
    @Test void bestAndMedianOfOddAndEvenCounts() {
        assertEquals("0.80 / 1.10", CheckBench.bestMedian(new double[] {1.3, 0.8, 1.1}));
        assertEquals("0.80 / 1.05", CheckBench.bestMedian(new double[] {1.3, 0.8, 1.1, 1.0}));
    }

    @Test void theEditChangesOnlyTheLastStatesContent() throws Exception {
        String text = Files.readString(Path.of("../roadmap.yaml"), StandardCharsets.UTF_8);
        Roadmap r = RoadmapLoader.parse("roadmap.yaml", text.getBytes(StandardCharsets.UTF_8));
        Roadmap e = RoadmapLoader.parse("roadmap.yaml", CheckBench.editLast(text, r, 7).getBytes(StandardCharsets.UTF_8));
        int last = r.states().size() - 1;
        for (int i = 0; i < last; i++) assertEquals(r.states().get(i).contentHash(), e.states().get(i).contentHash(), "state " + i);
        assertNotEquals(r.states().get(last).contentHash(), e.states().get(last).contentHash());
        assertTrue(e.states().get(last).config().containsKey("CONFIG_MEMDESC_BENCH_EDIT_7"));
    }
}
