package memdesc.git;

import memdesc.build.BuildCheck;
import memdesc.build.KernelBaseline;
import memdesc.build.ReleaseFacts;
import memdesc.layout.Abi;
import memdesc.layout.KernelLayout;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The carried v6.12 facts against the real v6.12 tree, and {@code --kernel}'s baseline from it: every
 * fact line equals what the tree lays out, and the shipped baseline builds from the tree's structs.
 * Skipped without the real repository ({@link KernelTreeTest#REAL}).
 */
class RealBaselineTest {
    @Test void theCarriedFactsAreTheRealTreesLayout() {
        Assumptions.assumeTrue(Files.isDirectory(KernelTreeTest.REAL), "no real kernel repository at " + KernelTreeTest.REAL);
        ReleaseFacts.Facts facts = ReleaseFacts.of("v6.12").orElseThrow();
        List<String> wrong = new ArrayList<>();
        try (KernelTree t = (KernelTree) KernelTree.open(KernelTreeTest.REAL, "v6.12")) {
            for (KernelLayout.Entry e : KernelLayout.layout(t, List.copyOf(facts.structs().keySet()), Abi.LP64, null).structs()) {
                if (!ReleaseFacts.of(e.layout()).table().equals(facts.structs().get(e.name()).table())) wrong.add(e.name());
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test void theShippedBaselineBuildsFromTheRealTree() {
        Assumptions.assumeTrue(Files.isDirectory(KernelTreeTest.REAL), "no real kernel repository at " + KernelTreeTest.REAL);
        Roadmap r = RoadmapLoader.load(Path.of("..", "roadmap.yaml"));
        KernelBaseline.Result k;
        try (KernelTree t = (KernelTree) KernelTree.open(KernelTreeTest.REAL, "v6.12")) {
            k = KernelBaseline.from(r, t, null);
        }
        assertNull(k.roadmap().baseline().claims().release());
        assertEquals(List.of(), BuildCheck.check(k.roadmap(), k.roadmap().baseline()).diagnostics());
        String notes = String.join("\n", k.notes());
        assertTrue(notes.contains("struct slab: from mm/slab.h (64 bytes), the same layout as the roadmap's text"), notes);
        assertTrue(notes.contains("struct release_pages_arg: kept from the roadmap"), notes);
    }
}
