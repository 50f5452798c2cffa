package memdesc.build;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The roadmap's claims in the build check (issue 14 points 5 and 7): edited copies of the shipped roadmap
 * that are wrong in one way each fail at the step the edit breaks, for that reason; the shipped one builds.
 */
class ClaimsTest {
    static String text() {
        try {
            return Files.readString(Path.of("..", "roadmap.yaml"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Roadmap edited(String... fromTo) {
        String t = text();
        for (int i = 0; i < fromTo.length; i += 2) {
            assertTrue(t.contains(fromTo[i]), fromTo[i]);
            t = t.replace(fromTo[i], fromTo[i + 1]);
        }
        return RoadmapLoader.parse("roadmap.yaml", t.getBytes(StandardCharsets.UTF_8));
    }

    /** The first state that does not build, as "step-id: first diagnostic". */
    static String firstBad(Roadmap r) {
        for (State s : r.states()) {
            BuildCheck.Result res = BuildCheck.check(r, s);
            if (!res.ok()) return s.stepId() + ": " + res.diagnostics().get(0).message();
        }
        return "none";
    }

    @Test void theShippedRoadmapMeetsItsClaims() {
        Roadmap r = RepoRoadmap.load();
        assertEquals("none", firstBad(r));
        State s = r.baseline();
        assertEquals(1L << 40, s.claims().machine().bytes());
        assertEquals(2, s.claims().machine().nodes());
        assertTrue(s.claims().unmodelledDeclared());
        assertEquals(5, s.claims().overlays().size());
        // the claims follow every state
        assertEquals(s.claims(), r.states().get(r.steps().size()).claims());
    }

    @Test void aNarrowedPfnFieldFailsAtTheStepThatNarrowsIt() {
        Roadmap r = edited("u64 prev:29;", "u64 prev:28;", "u64 next:29;", "u64 next:28;", "u64 unused:2;", "u64 unused:4;");
        String bad = firstBad(r);
        assertTrue(bad.startsWith("buddy-pfn: struct buddy holds 28-bit PFNs in prev (all ones is none): at most 268435455 frames")
                && bad.contains("the roadmap claims machines of 1 TiB on 2 nodes"), bad);
    }

    @Test void aMachineClaimBeyondTheEncodingFailsWhereTheEncodingCannotDescribeIt() {
        // 4 TiB: absolute 29-bit PFNs stop at 2 TiB; zone-relative ones at 2 TiB per zone, and 2 nodes of 2 TiB is too much
        Roadmap r = edited("machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 4TiB, nodes: 2}");
        assertTrue(firstBad(r).startsWith("buddy-pfn: struct buddy holds 29-bit PFNs in prev"), firstBad(r));
        State last = r.states().get(r.steps().size());
        String d = BuildCheck.check(r, last).diagnostics().get(0).message();
        assertTrue(d.contains("29-bit zone-relative PFNs") && d.contains("a zone of 2 TiB"), d);
        // 4 TiB on 4 nodes: zone-relative PFNs describe it; absolute ones still do not
        r = edited("machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 4TiB, nodes: 4}");
        assertTrue(BuildCheck.check(r, r.states().get(r.steps().size())).ok());
        assertTrue(firstBad(r).startsWith("buddy-pfn: "), firstBad(r));
        // more nodes than page->flags has bits for: the baseline already cannot describe it
        r = edited("machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 65}");
        assertTrue(firstBad(r).startsWith("baseline: page->flags keeps the node in 6 bits"), firstBad(r));
    }

    @Test void memoryPlacedHighFailsTheAbsolutePfnsAndZoneRelativeOnesDescribeIt() {
        // 1 TiB on 2 nodes, but placed below 4 TiB (sparse): 29-bit absolute PFNs stop short of 2 TiB
        Roadmap r = edited("machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 2, highest: 4TiB}");
        assertEquals(4L << 40, r.baseline().claims().machine().highest());
        State pfn = r.states().get(r.resolve("buddy-pfn"));
        BuildCheck.Result res = BuildCheck.check(r, pfn);
        assertFalse(res.ok());
        Diagnostic d = res.diagnostics().get(0);
        assertEquals("struct buddy holds 29-bit PFNs in prev (all ones is none): at most 536870911 frames (2.0 TiB), but the roadmap"
                + " claims machines of 1 TiB on 2 nodes below physical address 4 TiB (machine: at " + r.baseline().claims().machine().loc().line()
                + ":10)", d.message());
        assertEquals("roadmap.yaml", d.loc().file());
        assertEquals("buddy-pfn", firstBad(r).substring(0, firstBad(r).indexOf(':')), "the step that stores absolute PFNs, no earlier");
        // zone-relative PFNs: a zone of 512 GiB, wherever it lies
        assertTrue(BuildCheck.check(r, r.states().get(r.resolve("buddy-zone-relative"))).ok());
        // just below 2 TiB still fits the 29 bits (all ones is none)
        r = edited("machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 2, highest: 2047GiB}");
        assertEquals("none", firstBad(r));
        // an old claim without highest keeps its content hash: memory from address 0
        assertEquals(RepoRoadmap.load().baseline().contentHash(),
                edited("machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 2}").baseline().contentHash());
        assertFalse(RepoRoadmap.load().baseline().claims().machine().highestStated());
        assertThrows(InputException.class, () -> edited("machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 2, highest: 1GiB}"));
    }

    @Test void anOverlayMemberOutOfPlaceFailsWhileItOverlaysEvenWithoutTheStepsOwnExpect() {
        // bump-split's netmem_desc with two members swapped and the step's own match for one dropped:
        // the roadmap's overlay asserts still hold it to struct page
        Roadmap r = edited("""
                                unsigned long _pp_mapping_pad;      /* the page's mapping word */
                                unsigned long dma_addr;
                """, """
                                unsigned long dma_addr;
                                unsigned long _pp_mapping_pad;      /* the page's mapping word */
                """, "        - [netmem_desc.dma_addr, page.dma_addr]\n", "");
        String bad = firstBad(r);
        assertTrue(bad.startsWith("bump-split: overlay netmem_desc on page: netmem_desc._pp_mapping_pad at page._pp_mapping_pad: "
                + "netmem_desc->_pp_mapping_pad is at offset 32 but page->_pp_mapping_pad is at 24"), bad);
    }

    @Test void anOverlayLeavesItsAssertsBehindWhenItLeavesTheMemmap() {
        Roadmap r = RepoRoadmap.load();
        assertTrue(BuildCheck.overlaysMemmap(r.baseline(), "folio"));
        State dyn = r.states().get(r.resolve("dyn-folio"));
        assertFalse(BuildCheck.overlaysMemmap(dyn, "folio"));
        assertTrue(BuildCheck.overlaysMemmap(dyn, "ptdesc"));
        assertFalse(BuildCheck.overlaysMemmap(r.states().get(r.resolve("dyn-bump")), "netmem_desc"));
        // the separately allocated 80-byte folio has no lru at page.lru's offset, and builds
        assertTrue(BuildCheck.check(r, dyn).ok());
    }

    @Test void aMemberNoUserCoversFailsUnlessTheRoadmapSaysWhy() {
        Roadmap r = edited("  page.pgmap: ZONE_DEVICE memory is not modelled\n", "");
        assertEquals("baseline: 'struct page' member 'pgmap' is used by no modelled user and not listed under unmodelled: "
                + "(list it there with the reason, or model a user of it)", firstBad(r));
        r = edited("  slab.obj_exts: memcg reaches it through page.memcg_data until memcg-data converts the slab charge\n", "");
        assertTrue(firstBad(r).startsWith("baseline: 'struct slab' member 'obj_exts'"), firstBad(r));
    }

    @Test void aRoadmapWithoutClaimsStillLoadsAndIsNotHeldToThem() {
        String t = text();
        int a = t.indexOf("\n# The largest machine every state must describe");
        assertTrue(a > t.indexOf("\nsteps:\n"), "the claims stand after the steps");
        // an old roadmap: no claims after the steps, and no release claimed by the baseline
        String old = t.substring(0, a + 1).replaceFirst("  kernel: v6\\.12[^\n]*\n", "");
        Roadmap r = RoadmapLoader.parse("old.yaml", old.getBytes(StandardCharsets.UTF_8));
        assertEquals(memdesc.steps.Claims.NONE, r.baseline().claims());
        assertEquals("none", firstBad(r));
    }

    @Test void badClaimsAreLocatedLoadErrors() {
        List<String[]> cases = List.of(
                new String[] {"machine: {memory: 1TiB, nodes: 2}", "machine: {memory: lots, nodes: 2}",
                        "machine memory must be a size such as 2TiB or 512GiB, not 'lots'"},
                new String[] {"machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 2, highest: 1GiB}",
                        "machine highest (the physical address memory lies below) must be at least its memory, 1GiB < 1TiB"},
                new String[] {"machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 2, highest: far}",
                        "machine highest must be a size such as 2TiB or 512GiB, not 'far'"},
                new String[] {"machine: {memory: 1TiB, nodes: 2}", "machine: {memory: 1TiB, nodes: 0}",
                        "machine nodes must be a whole number from 1 to 1024"},
                new String[] {"      - [slab.__page_flags, page.flags]", "      - [page.flags, slab.__page_flags]",
                        "the first member of a match in overlay 'slab' must be of struct slab, not page"},
                new String[] {"      - [zpdesc.lru, page.lru]", "      - [zpdesc.lru, page.lru, 99]",
                        "the page number of a match must be a whole number from 0 to 15"},
                new String[] {"  folio.swap: swap entries are not modelled", "  folio.swap: ''",
                        "say why folio.swap is not modelled"});
        for (String[] c : cases) {
            InputException e = assertThrows(InputException.class, () -> edited(c[0], c[1]), c[1]);
            assertTrue(e.getMessage().matches("roadmap\\.yaml:\\d+:\\d+: error: .*") && e.getMessage().endsWith(c[2]), e.getMessage());
        }
    }
}
