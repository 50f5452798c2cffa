package memdesc.build;

import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuildCheckTest {
    @Test
    void everyStateOfTheRepositoryRoadmapBuilds() {
        Roadmap r = RepoRoadmap.load();
        List<State> states = r.states();
        assertEquals(r.steps().size() + 1, states.size());
        for (State s : states) {
            BuildCheck.Result res = BuildCheck.check(r, s);
            assertTrue(res.ok(), s.stepId() + ": " + res.diagnostics());
        }
    }

    @Test
    void structPageShrinks64to32to16to8AtTheRightStates() {
        Roadmap r = RepoRoadmap.load();
        List<State> states = r.states();
        List<String> sizes = new ArrayList<>();
        long last = -1;
        for (State s : states) {
            long size = BuildCheck.check(r, s).layouts().sizeOf("page");
            if (size != last) sizes.add(s.stepId() + "=" + size);
            last = size;
        }
        assertEquals(List.of("baseline=64", "shrink-32=32", "shrink-16=16", "memdesc-8=8"), sizes);
        assertEquals(192, BuildCheck.check(r, states.get(0)).layouts().sizeOf("folio"));
        assertEquals(80, BuildCheck.check(r, states.get(r.resolve("dyn-folio"))).layouts().sizeOf("folio"));
    }

    @Test
    void aShrinkBeforeTheRemovalItNeedsFailsAtTheShrinkWithGccsMessage() {
        // shrink-32 keeps its requires but moves right after the baseline: page->lru users are still there.
        Roadmap r = RepoRoadmap.load();
        List<Step> steps = new ArrayList<>(r.steps());
        Step shrink = steps.remove(r.resolve("shrink-32") - 1);
        steps.add(0, shrink);
        Roadmap moved = memdesc.verify.Mutations.withSteps(r, steps);
        State s = moved.states().get(1);
        BuildCheck.Result res = BuildCheck.check(moved, s);
        int idLine = RepoRoadmap.lineOf("- id: shrink-32", 1);
        int cLine = RepoRoadmap.lineOf("struct page {", idLine);
        int cCol = RepoRoadmap.columnOf("struct page {", cLine) + "struct ".length();
        String want = "roadmap.yaml:" + cLine + ":" + cCol + ": error: 'struct page' has no member named 'lru' (used by mm/swap.c)";
        assertTrue(res.diagnostics().stream().anyMatch(d -> d.toString().equals(want)), want + "\n in " + res.diagnostics());
    }

    @Test
    void aMemdescCodeClashIsReportedAtTheTypeFromTheLayoutsAlignment() {
        Roadmap r = RepoRoadmap.edited("      - set_type: {code: 4, name: buddy}\n", "      - set_type: {code: 4, name: slab}\n");
        State s = r.states().get(r.resolve("shrink-32"));
        BuildCheck.Result res = BuildCheck.check(r, s);
        int line = RepoRoadmap.lineOf("- set_type: {code: 4, name: buddy}", 1);
        int col = RepoRoadmap.columnOf("set_type", line);
        assertEquals(List.of("roadmap.yaml:" + line + ":" + col + ": error: memdesc type 4 is 'slab', but a free page's "
                + "buddy_list.next (ilp32: struct list_head is 4-byte aligned), pcp_list.next (ilp32: struct list_head is 4-byte aligned) "
                + "overlaying memdesc can hold it: it must alias buddy"), res.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void aWrongExpectedSizeNamesTheExpectLine() {
        Roadmap r = RepoRoadmap.edited("      sizes: {page: 16}\n", "      sizes: {page: 24}\n");
        BuildCheck.Result res = BuildCheck.check(r, r.states().get(r.resolve("shrink-16")));
        int line = RepoRoadmap.lineOf("sizes: {page: 16}", 1);
        int col = RepoRoadmap.columnOf("page: 16", line);
        assertEquals(List.of("roadmap.yaml:" + line + ":" + col + ": error: expected sizeof(struct page) == 24, but it is 16"),
                res.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void aUserConvertedToAMemberThatDoesNotExistYetFailsAtTheConversion() {
        // index-uses converts rmap to folio.pfn, which only the 80-byte folio of dyn-folio has.
        Roadmap r = RepoRoadmap.edited("      - convert: {users: [rmap], from: page.index, to: folio.index}\n",
                "      - convert: {users: [rmap], from: page.index, to: folio.pfn}\n");
        BuildCheck.Result res = BuildCheck.check(r, r.states().get(r.resolve("index-uses")));
        int line = RepoRoadmap.lineOf("- convert: {users: [rmap], from: page.index, to: folio.index}", 1);
        int col = RepoRoadmap.columnOf("convert", line);
        assertEquals(List.of("roadmap.yaml:" + line + ":" + col + ": error: 'struct folio' has no member named 'pfn' (used by mm/rmap.c)"),
                res.diagnostics().stream().map(Diagnostic::toString).toList());
        assertTrue(BuildCheck.check(r, r.states().get(r.resolve("dyn-folio"))).ok(), "builds once the folio has a pfn");
    }

    @Test
    void aCErrorInsideAStructTextPointsIntoTheRoadmap() {
        Roadmap r = RepoRoadmap.edited("                unsigned char order;", "                struct nowhere order;");
        BuildCheck.Result res = BuildCheck.check(r, r.states().get(r.resolve("dyn-folio")));
        int line = RepoRoadmap.lineOf("unsigned char order;", 1);
        // the column counts characters of the edited line (16 spaces, "struct nowhere "), as YAML does
        int col = "                struct nowhere ".length() + 1;
        assertEquals(List.of("roadmap.yaml:" + line + ":" + col + ": error: field 'order' has incomplete type (in struct folio)"),
                res.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void aDescriptorOverlaidOnTheMemmapMustFitInTheStructPage() {
        // shrink-32 before dyn-bump: the 48-byte netmem_desc would still sit on a 32-byte struct page
        Roadmap r = RepoRoadmap.load();
        List<Step> steps = new ArrayList<>(r.steps());
        Step shrink = steps.remove(r.resolve("shrink-32") - 1);
        steps.add(steps.indexOf(r.step("dyn-bump").orElseThrow()), shrink);
        Roadmap moved = memdesc.verify.Mutations.withSteps(r, steps);
        BuildCheck.Result res = BuildCheck.check(moved, moved.states().get(moved.resolve("shrink-32")));
        int idLine = RepoRoadmap.lineOf("- id: shrink-32", 1);
        int cLine = RepoRoadmap.lineOf("struct page {", idLine);
        int cCol = RepoRoadmap.columnOf("struct page {", cLine) + "struct ".length();
        assertEquals(List.of("roadmap.yaml:" + cLine + ":" + cCol + ": error: struct netmem_desc (48 bytes) is overlaid on the memmap "
                + "but struct page is 32 bytes: allocate the bump separately first"), res.diagnostics().stream().map(Diagnostic::toString).toList());
    }
}
