package memdesc.cc;

import memdesc.build.BuildCheck;
import memdesc.build.RepoRoadmap;
import memdesc.layout.MemberRef;
import memdesc.layout.StructLayout;
import memdesc.steps.Roadmap;
import memdesc.steps.State;
import memdesc.steps.Step;
import memdesc.verify.Mutations;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layout engine and the system C compiler must give the same verdict on every state. */
class GccBackendTest {
    @TempDir Path tmp;

    private GccBackend.Outcome compile(Roadmap r, State s, String name) throws Exception {
        Step step = s.isBaseline() ? null : r.step(s.stepId()).orElseThrow();
        BuildCheck.Result built = BuildCheck.check(s, step);
        Map<String, String> files = GccBackend.emit(s, step, built.ok() ? built.layouts() : null);
        Path dir = Files.createDirectories(tmp.resolve(name));
        return GccBackend.compile(files, dir);
    }

    @Test
    void everyStateOfTheRoadmapGetsTheSameVerdictFromGccAndFromTheEngine() throws Exception {
        Assumptions.assumeTrue(GccBackend.compilerPresent(), "no C compiler on this machine: the gcc backend cannot be compared");
        Roadmap r = RepoRoadmap.load();
        int compared = 0;
        for (State s : r.states()) {
            boolean engine = BuildCheck.check(r, s).ok();
            GccBackend.Outcome gcc = compile(r, s, "s" + s.index());
            assertTrue(gcc.compilerFound());
            assertEquals(engine, gcc.ok(), s.stepId() + ": engine " + engine + ", gcc:\n" + gcc.output());
            compared++;
        }
        assertEquals(r.steps().size() + 1, compared);
    }

    @Test
    void brokenStatesFailInBothBackends() throws Exception {
        Assumptions.assumeTrue(GccBackend.compilerPresent(), "no C compiler on this machine: the gcc backend cannot be compared");
        // shrink-32 before the removals it needs; a memdesc code clash; a removal of a member the struct lacks
        Roadmap base = RepoRoadmap.load();
        List<Step> steps = new ArrayList<>(base.steps());
        steps.add(0, steps.remove(base.resolve("shrink-32") - 1));
        Roadmap moved = Mutations.withSteps(base, steps);
        Roadmap clash = RepoRoadmap.edited("      - set_type: {code: 4, name: buddy}\n", "      - set_type: {code: 4, name: slab}\n");
        List<Step> late = new ArrayList<>(base.steps());
        late.add(late.remove(base.resolve("lru-uses") - 1));
        Roadmap lateLru = Mutations.withSteps(base, late);
        record Case(String name, Roadmap r, State s, String gccSays) {}
        List<Case> cases = List.of(
                new Case("moved", moved, moved.states().get(1), "has no member named 'lru'"),
                new Case("clash", clash, clash.states().get(clash.resolve("shrink-32")), "memdesc type 4 (slab) can be produced"),
                new Case("late", lateLru, lateLru.states().get(lateLru.steps().size()), "has no member named '__removed_lru'"));
        for (Case c : cases) {
            assertTrue(!BuildCheck.check(c.r(), c.s()).ok(), c.name() + ": the engine should fail");
            GccBackend.Outcome gcc = compile(c.r(), c.s(), c.name());
            assertTrue(!gcc.ok(), c.name() + ": gcc should fail:\n" + gcc.output());
            assertTrue(gcc.output().contains(c.gccSays()), c.name() + ": " + gcc.output());
        }
    }

    @Test
    void layoutAssertsCoverEveryNonBitfieldMemberOfEveryStruct() {
        Roadmap r = RepoRoadmap.load();
        State s = r.states().get(0);
        BuildCheck.Result built = BuildCheck.check(r, s);
        String c = GccBackend.emit(s, null, built.layouts()).get("layout.c");
        int members = 0;
        for (StructLayout l : built.layouts().lp64().values())
            for (MemberRef m : l.leaves()) if (!m.bitfield()) members++;
        assertEquals(members + 2 * built.layouts().lp64().size(), c.split("_Static_assert", -1).length - 1);
        assertTrue(c.contains("_Static_assert(offsetof(struct folio, _deferred_list.next) == 144"), "folio's deferred list sits in its third page");
    }
}
