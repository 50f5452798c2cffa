package memdesc.scenario;

import memdesc.steps.Change;
import memdesc.steps.Descriptor;
import memdesc.steps.Loc;
import memdesc.steps.Member;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** States broken on purpose fail in the model with the scenario, the user or PFN, and the reason. */
class BrokenStatesTest {
    static final Roadmap R = RoadmapLoader.load(Path.of("../roadmap.yaml"));
    static final Loc T = new Loc("test.yaml", 1, 1);

    static State state(String id) {
        return R.states().get(R.resolve(id));
    }

    static RunResult.Failure fail(State s, boolean shadow) {
        RunResult r = Scenarios.run(s, 64L << 20, 1, List.of(), shadow);
        assertFalse(r.passed(), "the broken state passed");
        return r.failure();
    }

    @Test void memdescOverlayingRefcountIsTypeConfusion() {
        State s = new Change.Define("page", """
                struct page {
                	unsigned long flags;
                	union {
                		struct list_head buddy_list;
                		struct list_head pcp_list;
                		struct {
                			union {
                				unsigned long memdesc;
                				int _refcount;
                			};
                			union {
                				unsigned long private;
                				atomic_t _mapcount;
                			};
                		};
                	};
                };
                """, T, T).apply(state("shrink-32"));
        RunResult.Failure f = fail(s, true);
        assertTrue(f.message().startsWith("type confusion"), f.describe());
        assertTrue(f.message().contains("_refcount") && f.message().contains("memdesc"), f.describe());
        assertTrue(f.pfn() >= 0, f.describe());
    }

    @Test void aNonBuddyTypeAtCode4() {
        State s = new Change.SetType(4, "slab", T).apply(state("shrink-32"));
        RunResult.Failure f = fail(s, false);
        assertEquals("boot", f.scenario());
        assertEquals("buddy", f.user());
        assertTrue(f.pfn() >= 0);
        assertTrue(f.message().startsWith("memdesc type 4 is 'slab', but page->buddy_list.next overlays page->memdesc"), f.message());
    }

    @Test void aUserStillUsingARemovedMember() {
        State s = new Change.Remove(new Member("page", "index"), T).apply(R.baseline());
        RunResult.Failure f = fail(s, false);
        assertEquals("pagecache", f.scenario());
        assertEquals("pagecache", f.user());
        assertEquals("page.index", f.member());
        assertTrue(f.pfn() >= 0);
        assertEquals("user 'pagecache' uses page->index, which was removed at test.yaml:1:1", f.message());
    }

    @Test void separateFoliosWhileAUserStillTakesFolioPage() {
        State before = state("mapping-uses");   // pagecache, buffer_head, memory_failure still take &folio->page
        String c = before.struct("folio").c().replaceFirst("(struct page page;\\n\\s*};\\n)", "$1    unsigned long pfn;\n");
        assertTrue(c.contains("unsigned long pfn;"), c);
        State s = new Change.Define("folio", c.replace("struct folio {", "struct folio {"), T, T).apply(before);
        s = new Change.Allocate("folio", "folio", Descriptor.Placement.SEPARATE, T).apply(s);
        s = new Change.Convert(List.of("core"), null, new Member("folio", "pfn"), T).apply(s);
        // struct slab split out too: an overlaid slab would fail first (it casts its folio); memcg-data before it,
        // since a separate slab keeps its objcg vector in slab->obj_exts
        for (Change ch : R.step("memcg-data").orElseThrow().changes()) s = ch.apply(s);
        for (Change ch : R.step("slab-split").orElseThrow().changes()) s = ch.apply(s);
        assertTrue(s.problems().isEmpty(), s.problems().toString());
        RunResult.Failure f = fail(s, false);
        assertEquals("pagecache", f.scenario());
        assertEquals("pagecache", f.user());
        assertEquals("folio.page", f.member());
        assertTrue(f.pfn() >= 0);
        assertTrue(f.message().startsWith("user 'pagecache' takes &folio->page, but folios are separately allocated in this state"), f.message());
    }

    @Test void buddyOrderInAMemberThe16BytePageNoLongerHas() {
        State s = new Change.SwitchHelper("buddy_order", "flags", T).apply(state("shrink-16"));
        s = new Change.Convert(List.of("buddy"), null, new Member("page", "flags"), T).apply(s);
        RunResult.Failure f = fail(s, false);
        assertEquals("boot", f.scenario());
        assertEquals("buddy", f.user());
        assertEquals("page.flags", f.member());
        assertTrue(f.pfn() >= 0);
        assertEquals("user 'buddy' uses page->flags but struct page of this state has no member 'flags'", f.message());
    }
}
