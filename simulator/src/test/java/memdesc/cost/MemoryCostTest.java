package memdesc.cost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/** The seeds' claims, reproduced by the accounting from state shapes. */
class MemoryCostTest {
    static final long GiB = 1L << 30, TiB = 1L << 40;
    static final StateShape PAGE64 = new StateShape("page64", "64-byte page", 64, List.of(), null);
    static final StateShape PAGE32 = new StateShape("page32", "32-byte page, 80-byte folio", 32,
            List.of(new Descriptor("folio", 80, 8)), null);
    static final StateShape PAGE16 = new StateShape("page16", "two words", 16, List.of(new Descriptor("folio", 80, 8)), null);
    static final StateShape PAGE8 = new StateShape("page8", "8-byte page, PFN buddy", 8, List.of(new Descriptor("folio", 80, 8)),
            new BuddyDescriptor(8, 29, false));
    static final StateShape PAGE8Z = new StateShape("page8z", "zone-relative", 8, List.of(new Descriptor("folio", 80, 8)),
            new BuddyDescriptor(8, 29, true));

    static Population only(AllocKind kind, int order, long machine) {
        return new Mix("only", "test", List.of(new Mix.Fraction(kind, order, 1.0))).population(machine);
    }

    @Test void sixtyFourBytePageIsOnePointSixPercent_16GiBofOneTiB() {
        CostReport r = MemoryCost.account(List.of(PAGE64), only(AllocKind.KERNEL_OTHER, 0, TiB), 1, false);
        assertEquals(16 * GiB, r.row("page64").memmapBytes(), "003_: 16 MB per GB");
        assertEquals("1.6", String.format(Locale.ROOT, "%.1f", r.row("page64").percentRam()));
    }

    @Test void twoWordsAreAboutZeroPointFourPercent() {
        CostReport r = MemoryCost.account(List.of(PAGE64, PAGE16), only(AllocKind.KERNEL_OTHER, 0, TiB), 1, false);
        assertEquals("0.4", String.format(Locale.ROOT, "%.1f", r.row("page16").percentRam()), "001_: two pointers = 0.4%");
        assertEquals(-12 * GiB, r.row("page16").deltaBytes());
    }

    @Test void thirtyTwoBytePageWithEightyByteFolio_breaksEvenAtOrderTwo() {
        assertEquals(2, MemoryCost.breakEvenOrder(PAGE64, PAGE32, "folio"), "003_: order 0 & 1 use more, order 2+ less");
        // and on whole populations: all-order-N file memory costs more at orders 0 and 1, less from 2 up
        for (int order = 0; order <= 4; order++) {
            CostReport r = MemoryCost.account(List.of(PAGE64, PAGE32), only(AllocKind.FILE, order, 64 * GiB), 1, false);
            long delta = r.row("page32").deltaBytes();
            if (order < 2) assertTrue(delta > 0, "order " + order + " should cost more, delta " + delta);
            else assertTrue(delta < 0, "order " + order + " should cost less, delta " + delta);
        }
        assertNull(MemoryCost.breakEvenOrder(PAGE64, PAGE64, "folio"), "the baseline never beats itself");
    }

    @Test void descriptorsAreChargedPerAllocationNotPerPage() {
        // 64 GiB of order-9 anon = 32768 folios; 80-byte objects, 51 to a 4 KiB slab
        CostReport r = MemoryCost.account(List.of(PAGE64, PAGE32), only(AllocKind.ANON, 9, 64 * GiB), 1, false);
        long folios = 64 * GiB / (4096L << 9);
        assertEquals((folios + 50) / 51 * 4096, r.row("page32").descriptorBytes());
        assertEquals(r.row("page32").descriptorBytes(), r.row("page32").descriptorBytesByKind().get("folio"));
        // free memory and plain kernel pages have no descriptor
        assertEquals(0, MemoryCost.account(List.of(PAGE64, PAGE32), only(AllocKind.BUDDY_FREE, 0, GiB), 1, false)
                .row("page32").descriptorBytes());
    }

    @Test void slabRoundingPacksObjectsIntoSlabPages() {
        assertEquals(4096.0 / 51, MemoryCost.effectiveObjectBytes(80, 8), 1e-9);
        assertEquals(64.0, MemoryCost.effectiveObjectBytes(64, 8), 1e-9);
        assertEquals(8.0, MemoryCost.effectiveObjectBytes(1, 1), 1e-9, "minimum alignment 8");
        assertEquals(128.0, MemoryCost.effectiveObjectBytes(100, 64), 1e-9, "aligned to 64: 128-byte slots");
        // 1100 bytes: 3 per 4 KiB page wastes 796 > 256; order 1 wastes 992 > 512; order 2 wastes 884 <= 1024
        assertEquals(16384.0 / 14, MemoryCost.effectiveObjectBytes(1100, 8), 1e-9);
    }

    @Test void eightBytePfnBuddyDescriptorCannotAddressFourTiB() {
        Population big = only(AllocKind.KERNEL_OTHER, 0, 4 * TiB);
        InputException e = assertThrows(InputException.class,
                () -> MemoryCost.account(List.of(PAGE64, PAGE8), big, 1, false));
        assertEquals("error: state page8: the 8-byte buddy descriptor holds 29-bit PFNs: at most 2 TiB; this machine has 4 TiB;"
                + " zone-relative PFNs lift the limit to 2 TiB per zone", e.getMessage());
        // exactly 2 TiB is fine
        assertEquals(4 * GiB, MemoryCost.account(List.of(PAGE64, PAGE8), only(AllocKind.KERNEL_OTHER, 0, 2 * TiB), 1, false)
                .row("page8").memmapBytes());
    }

    @Test void zoneRelativePfnsLiftTheLimitPerZone() {
        Population big = only(AllocKind.KERNEL_OTHER, 0, 4 * TiB);
        CostReport r = MemoryCost.account(List.of(PAGE64, PAGE8Z), big, 2, false);
        assertEquals(8 * GiB, r.row("page8z").memmapBytes());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("zone size assumed = machine / nodes = 2 TiB")));
        InputException e = assertThrows(InputException.class, () -> MemoryCost.account(List.of(PAGE64, PAGE8Z), big, 1, false));
        assertTrue(e.getMessage().contains("at most 2 TiB per zone") && e.getMessage().contains("--nodes"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test void guestPaysTheMemmapTwice() {
        Population p = Mixes.THP.population(256 * GiB);
        CostReport host = MemoryCost.account(List.of(PAGE64, PAGE32), p, 1, false);
        CostReport guest = MemoryCost.account(List.of(PAGE64, PAGE32), p, 1, true);
        for (String id : List.of("page64", "page32")) {
            CostReport.Row h = host.row(id), g = guest.row(id);
            assertEquals(h.memmapBytes(), g.hostMemmapBytes());
            assertEquals(h.memmapBytes(), g.memmapBytes());
            assertEquals(h.totalBytes() + h.memmapBytes(), g.totalBytes());
            assertEquals(2 * h.percentRam() - 100.0 * h.descriptorBytes() / p.ramBytes(), g.percentRam(), 1e-9);
        }
        assertEquals("3.1", String.format(Locale.ROOT, "%.1f", guest.row("page64").percentRam()), "1.6% paid twice");
        assertTrue(guest.text().contains("host: the host's memmap"), guest.text());
        List<String> head = guest.text().lines().filter(l -> l.startsWith("state")).toList();
        assertTrue(head.get(0).matches("state +page +memmap +host +descriptors .*"), head.get(0));
    }

    @Test void builtInMixesSumToOneAndCoverTheirMachine() {
        assertEquals(List.of("idle", "file-server", "anon-heavy", "thp", "slab-heavy"), MemoryCost.mixNames());
        for (String name : MemoryCost.mixNames()) {
            Mix m = MemoryCost.mix(name);
            assertEquals(1.0, m.fractions().stream().mapToDouble(Mix.Fraction::fraction).sum(), 1e-9, name);
            Population p = m.population(1 * TiB);
            long frames = p.slices().stream().mapToLong(Population.Slice::frames).sum();
            assertEquals(p.frames(), frames, m.fractions().size() << 9, name + ": rounding loses at most an allocation per slice");
        }
    }

    @Test void machineSizes() {
        assertEquals(64L << 20, MemoryCost.parseSize("64MiB"));
        assertEquals(4 * GiB, MemoryCost.parseSize("4GiB"));
        assertEquals(TiB, MemoryCost.parseSize("1TiB"));
        assertEquals(16 * TiB, MemoryCost.parseSize("16TiB"));
        assertEquals(4096L << 20, MemoryCost.parseSize("4096M"));
        assertEquals(8192, MemoryCost.parseSize("8192"));
        assertEquals(4 * GiB, MemoryCost.parseSize("4g"));
        for (String bad : List.of("", "abc", "4GB", "-1GiB", "1.5GiB", "0", "4097", "99999999999999999999", "16384PiB", "4 GiB extra"))
            assertThrows(InputException.class, () -> MemoryCost.parseSize(bad), bad);
        InputException e = assertThrows(InputException.class, () -> MemoryCost.parseSize("4GB"));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test void reportFormatsCarryTheSameNumbers() throws Exception {
        CostReport r = MemoryCost.account(List.of(PAGE64, PAGE32, PAGE16), Mixes.FILE_SERVER.population(TiB), 1, false);
        JsonNode j = new ObjectMapper().readTree(r.json());
        assertEquals(3, j.get("states").size());
        assertEquals(r.row("page32").totalBytes(), j.get("states").get(1).get("totalBytes").asLong());
        assertEquals(2, j.get("states").get(1).get("breakEvenOrder").get("folio").asInt());
        assertTrue(j.get("states").get(0).get("breakEvenOrder").get("folio").isNull());

        List<String> lines = r.csv().lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("state,title,struct_page_bytes,"));
        assertTrue(lines.get(2).startsWith("page32,\"32-byte page, 80-byte folio\",32,"), lines.get(2));
        assertTrue(lines.get(2).endsWith("," + r.row("page32").deltaBytes() + ",2"), lines.get(2));

        // the text table: right-aligned numeric columns end at the same position on every line
        List<String> table = r.text().lines().dropWhile(l -> !l.startsWith("state")).takeWhile(l -> !l.isEmpty()).toList();
        assertEquals(4, table.size());
        int end = table.get(0).indexOf("% RAM") + "% RAM".length();
        for (String l : table.subList(1, table.size())) assertTrue(l.length() >= end && l.charAt(end - 1) == '%', "aligned: " + l);
        assertFalse(r.text().contains("\t"));
        for (CostReport c : List.of(r, MemoryCost.account(List.of(PAGE64, PAGE32, PAGE16), Mixes.FILE_SERVER.population(TiB), 1, true)))
            for (String l : c.text().lines().dropWhile(l -> !l.startsWith("state")).takeWhile(l -> !l.isEmpty()).toList())
                assertTrue(l.length() <= 80, "the table fits 80 columns: " + l);
    }
}
