package memdesc.model;

import memdesc.memory.Placement;
import memdesc.scenario.RunResult;
import memdesc.scenario.Scenarios;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a machine's memory lies: the default check machine (4 GiB) has the x86 hole below 4 GiB, so DMA,
 * DMA32 and Normal on two nodes; smaller machines are laid out densely from PFN 0 as before.
 */
class MachineLayoutTest {
    static final Roadmap R = RoadmapLoader.load(Path.of("../roadmap.yaml"));
    static final long GiB = 1L << 30;

    private static String zones(Machine m) {
        return m.zones().stream().map(z -> z.name() + "/" + z.nid() + " " + z.startPfn() + "-" + z.endPfn())
                .collect(Collectors.joining(", "));
    }

    @Test void theDefaultMachineHasDmaDma32AndNormalOnTwoNodesAboveTheHole() {
        State s = R.baseline();
        Machine m = new Machine(s, StateLayouts.of(s), 4 * GiB, false);
        try {
            assertEquals(1L << 20, m.frames, "the same present memory as before: 4 GiB");
            // 3 GiB below the hole, 1 GiB remapped from 4 GiB; nodes split the present memory in half
            assertEquals("DMA/0 0-4096, DMA32/0 4096-524288, DMA32/1 524288-786432, Normal/1 1048576-1310720", zones(m));
            assertEquals(List.of(0, 1), m.zones().stream().map(Machine.Zone::nid).distinct().toList());
            long normal = m.zone(2, 1).start();
            assertEquals(3L << 18, normal, "dense frames continue across the hole");
            assertEquals(1L << 20, m.realPfn(normal));
            assertEquals(normal, m.framePfn(1L << 20));
            assertThrows(ModelFailure.class, () -> m.framePfn(3L << 18), "the hole is no memory");
            assertEquals("Normal", m.helpers.pageZone(m.pageAddr(normal)).name());
            assertEquals(m.frames * m.pageSize, m.memmapBytes(), "a struct page per present frame, none for the hole");
        } finally {
            m.release();
        }
    }

    @Test void machinesUpTo3GiBLieDenselyFromPfn0() {
        Placement p = Placement.of(3 * GiB);
        assertTrue(p.identity());
        assertEquals(3L << 18, p.spanFrames());
        Placement q = Placement.of(4 * GiB);
        assertFalse(q.identity());
        assertEquals(5L << 18, q.spanFrames());
        for (long d : new long[] {0, 4095, (3L << 18) - 1, 3L << 18, (1L << 20) - 1})
            assertEquals(d, q.dense(q.real(d)), "frame " + d);
        assertEquals(-1, q.dense(1L << 19 | 3L << 18));
    }

    @Test void scenariosPassOnTheDefaultMachineAndPageZoneSeesNormal() {
        State s = R.states().get(R.resolve("buddy-zone-relative"));
        RunResult r = Scenarios.run(s, 4 * GiB, 1, List.of("page_zone", "churn"));
        assertTrue(r.passed(), () -> r.failure().describe());
        String zones = r.scenario("page_zone").trace().get(0);
        assertTrue(zones.contains("Normal/1") && zones.contains("DMA32/0"), zones);
    }

    static final Placement HIGH = Placement.parse("2GiB@0,2GiB@2TiB", memdesc.cost.MemoryCost::parseSize);

    @Test void aSparseMachineBeyond2TiBHasAMemmapOnlyForItsPresentMemory() {
        assertEquals(1L << 20, HIGH.frames());
        assertEquals((2L << 40 >>> 12) + (1L << 19), HIGH.spanFrames(), "the highest PFN lies beyond 2 TiB");
        State s = R.baseline();
        Machine m = new Machine(s, StateLayouts.of(s), HIGH, false), dense = new Machine(s, StateLayouts.of(s), 4 * GiB, false);
        try {
            assertEquals("DMA/0 0-4096, DMA32/0 4096-524288, Normal/1 536870912-537395200", zones(m));
            assertEquals(dense.memmapBytes(), m.memmapBytes(), "the memmap costs what the present memory needs");
            assertEquals(m.frames * m.pageSize, m.memmapBytes());
            assertEquals(2L << 40 >>> 12, m.realPfn(1L << 19));
        } finally {
            m.release();
            dense.release();
        }
    }

    @Test void theShippedStatesThatCanDescribeItRunOnItAndThe29BitBuddyPfnCannot() {
        RunResult base = Scenarios.run(R.baseline(), HIGH, 1, List.of());
        assertTrue(base.passed(), () -> base.failure().describe());
        RunResult rel = Scenarios.run(R.states().get(R.resolve("buddy-zone-relative")), HIGH, 1, List.of());
        assertTrue(rel.passed(), () -> rel.failure().describe());
        assertEquals(List.of(), rel.diff(base), "zone-relative PFNs describe a zone at 2 TiB");
        RunResult abs = Scenarios.run(R.states().get(R.resolve("buddy-pfn")), HIGH, 1, List.of());
        assertFalse(abs.passed());
        assertEquals("scenario boot: user buddy: struct buddy holds 29-bit PFNs: at most 536870911 frames (2047 GiB), but this"
                + " machine has memory up to PFN 537395199 (2GiB@0,2GiB@2TiB)", abs.failure().describe());
    }

    @Test void presentRangesAreParsedWithOneLineErrorsNamingTheBadPart() {
        assertEquals("2GiB@0,2GiB@2TiB", HIGH.toString());
        assertEquals(List.of(new Placement.Range(0, 1L << 19), new Placement.Range(1L << 29, 1L << 19)), HIGH.ranges());
        for (String[] c : new String[][] {
                {"2GiB@0,2GiB@1GiB", "'2GiB@1GiB': ranges must be ascending and must not overlap"},
                {"2GiB@0,100MiB@2TiB", "'100MiB@2TiB': the size must be a positive multiple of 128MiB (a memory section)"},
                {"2GiB@64MiB", "'2GiB@64MiB': the address must be a multiple of 128MiB (a memory section)"},
                {"2GiB@3x", "'2GiB@3x': '3x' is not a size (e.g. 512MiB, 2GiB, 2TiB)"},
                {"2GiB@0,2GiB", "'2GiB': a present range is SIZE@ADDRESS (e.g. 2GiB@2TiB)"},
                {"2GiB@0,2GiB@64TiB", "'2GiB@64TiB': ends beyond the 64TiB the model's 46-bit physical addresses reach"}}) {
            var e = assertThrows(memdesc.steps.InputException.class, () -> MachineSize.placement(c[0], 1), c[0]);
            assertEquals("memdesc: --machine " + c[0] + ": " + c[1], e.getMessage());
        }
        var e = assertThrows(memdesc.steps.InputException.class, () -> MachineSize.placement("1TiB@2TiB", 64));
        assertTrue(e.getMessage().startsWith("memdesc: --machine 1TiB@2TiB: too large: this heap"), e.getMessage());
        assertEquals(Placement.of(4 * GiB), MachineSize.placement("4GiB", 1), "a size keeps meaning the default layout");
    }
}
