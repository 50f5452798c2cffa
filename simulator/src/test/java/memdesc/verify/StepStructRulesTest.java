package memdesc.verify;

import memdesc.build.RepoRoadmap;
import memdesc.steps.Roadmap;
import org.junit.jupiter.api.Test;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wrong edits of a step's own structs and descriptors that the kernel would reject, each on the shipped
 * roadmap's real text: they must fail at the step they break for the reason they break, and the shipped
 * step must pass. The members involved are ones the model now reads the way the kernel does: slab's
 * counter bit-fields by name (the word stored whole), the folio's pincount (set at prep, checked at
 * free), and the descriptor a user's struct needs.
 */
class StepStructRulesTest extends WrongEditChecks {
    /** The roadmap with one union wrapped around two member lines (which must occur once together). */
    static Roadmap united(String first, String second, String indent) {
        return RepoRoadmap.edited(first + second, indent + "union {\n" + first + second + indent + "};\n");
    }

    @Test void slabCounterBitFieldsInOneUnionFailAtSlabSplit() {
        Roadmap r = united("                                unsigned inuse:16;\n", "                                unsigned objects:15;\n",
                "                                ");
        assertFails(verdicts(r, "slab-split").get(0), "slab-split", "slab->counters does not hold its bit-fields");
        assertPasses(RepoRoadmap.load(), "slab-split");
    }

    @Test void slabObjectsAndFrozenInOneUnionFailAtSlabSplit() {
        Roadmap r = united("                                unsigned objects:15;\n", "                                unsigned frozen:1;\n",
                "                                ");
        assertFails(verdicts(r, "slab-split").get(0), "slab-split", "slab->counters does not hold its bit-fields");
    }

    @Test void slabCounterBitFieldsSwappedStillPass() {
        // the kernel reaches them by name and copies the word whole: their order in it is not observable
        Roadmap r = RepoRoadmap.edited("                                unsigned inuse:16;\n                                unsigned objects:15;\n",
                "                                unsigned objects:15;\n                                unsigned inuse:16;\n");
        assertPasses(r, "slab-split");
    }

    @Test void theCpuPartialListsNextAndCountInOneUnionFailAtSlabSplit() {
        Roadmap r = united("                                struct slab *next;\n", "                                int slabs;\n",
                "                                ");
        Verdict v = verdicts(r, "slab-split").get(0);
        assertEquals("slab-split", v.stepId());
        assertFalse(v.ok(), "slab-split passed");
        assertTrue(v.failure().contains("slab.next") || v.failure().contains("slab.slabs") || v.failure().contains("cpu partial"), v.failure());
        // the two trading places in their alternative of the union is not observable: it passes
        Roadmap swapped = RepoRoadmap.edited("                                struct slab *next;\n                                int slabs;\n",
                "                                int slabs;\n                                struct slab *next;\n");
        assertPasses(swapped, "slab-split");
    }

    @Test void memcgLeavingASeparateSlabsVectorInThePageFailsAtSlabSplit() {
        Roadmap r = RepoRoadmap.edited("      - convert: {users: [memcg], to: slab.obj_exts}\n", "");
        // while struct slab overlays the page, page->memcg_data is slab->obj_exts: that state is right
        assertPasses(r, "memcg-data");
        assertFails(verdicts(r, "slab-split").get(0), "slab-split", "memcg must be converted to slab.obj_exts");
        assertPasses(RepoRoadmap.load(), "slab-split");
    }

    @Test void driversThatStopUsingPagePrivateWithNowhereToGoNoLongerBuild() {
        String conv = "      - convert: {users: [drivers_private, amdgpu], from: page.private, to: driver_page.private}\n";
        Roadmap silent = RepoRoadmap.edited(conv, "      - convert: {users: [amdgpu], from: page.private, to: driver_page.private}\n"
                + "      - convert: {users: [drivers_private], from: page.private}\n");
        assertFails(verdicts(silent, "drivers-private").get(0), "drivers-private",
                "user 'drivers_private' no longer builds: it needs a driver's per-page cookie");
        // the shipped step keeps the drivers' state in their own tables, in simulated memory
        assertPasses(RepoRoadmap.load(), "drivers-private");
    }

    @Test void theFoliosPincountSharingTheOrderFailsAtDynFolio() {
        Roadmap r = united("                unsigned int pincount;\n", "                unsigned char order;                /* then a 3-byte hole */\n",
                "                ");
        Verdict v = verdicts(r, "dyn-folio").get(0);
        assertEquals("dyn-folio", v.stepId());
        assertFalse(v.ok(), "dyn-folio passed");
        assertTrue(v.failure().contains("pincount") || v.failure().contains("order"), v.failure());
        assertPasses(RepoRoadmap.load(), "dyn-folio");
    }

    @Test void theFoliosPincountLeftBehindAtDynFolioNoLongerBuilds() {
        Roadmap r = RepoRoadmap.edited("      - convert: {users: [core], from: folio._pincount, to: folio.pincount}\n", "");
        assertFails(verdicts(r, "dyn-folio").get(0), "dyn-folio", "pincount");
    }

    @Test void zsmallocThroughAZpdescThatNoDescriptorPlacesFailsAtZpdescOverlay() {
        Roadmap r = RepoRoadmap.edited("      - allocate: {descriptor: zpdesc, struct: zpdesc, placement: memmap}\n", "");
        assertFails(verdicts(r, "zpdesc-overlay").get(0), "zpdesc-overlay",
                "user 'zsmalloc' reaches its pages through struct zpdesc, but no descriptor of this state uses struct zpdesc");
        assertPasses(RepoRoadmap.load(), "zpdesc-overlay");
    }

    @Test void pagePoolThroughANetmemDescThatNoDescriptorPlacesFailsAtBumpSplit() {
        Roadmap r = RepoRoadmap.edited("      - allocate: {descriptor: bump, struct: netmem_desc, placement: memmap}\n", "");
        assertFails(verdicts(r, "bump-split").get(0), "bump-split",
                "user 'page_pool' reaches its pages through struct netmem_desc");
        assertPasses(RepoRoadmap.load(), "bump-split");
    }

    @Test void aPfnBuddyDescriptorLeftInTheBlockFailsAtBuddyPfn() {
        Roadmap r = RepoRoadmap.edited("      - allocate: {descriptor: buddy, struct: buddy, placement: memmap}\n", "");
        assertFails(verdicts(r, "buddy-pfn").get(0), "buddy-pfn",
                "buddy_order() is pfn_descriptor: a free block's struct buddy is its head page's memdesc word, but this state"
                        + " places the buddy descriptor in_block");
        assertPasses(RepoRoadmap.load(), "buddy-pfn");
    }
}
