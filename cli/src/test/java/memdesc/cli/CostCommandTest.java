package memdesc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code memdesc cost} end to end through Main.run. */
class CostCommandTest {
    @TempDir Path dir;

    record Run(int status, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test void defaultTableShowsEveryStateAndTheSeedsFigures() {
        Run r = run("cost");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("machine:    1 TiB = 268435456 frames"), r.out());
        String page64 = r.out().lines().filter(l -> l.startsWith("baseline ")).findFirst().orElseThrow();
        assertTrue(page64.contains("16 GiB") && page64.contains("1.56%"), page64);
        for (String id : new String[] {"shrink-32", "shrink-16", "memdesc-8", "buddy-zone-relative"})
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(id + " ")), id);
        assertTrue(r.out().contains("Break-even order"));
    }

    @Test void jsonAndCsvForAChosenStateAndMix() throws Exception {
        Run r = run("cost", "shrink-32", "--mix", "thp", "--machine", "64GiB", "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("baseline", j.get("states").get(0).get("id").asText(), "the baseline is always first");
        assertEquals("shrink-32", j.get("states").get(1).get("id").asText());
        assertEquals(2, j.get("states").get(1).get("breakEvenOrder").get("folio").asInt());
        assertEquals(64L << 30, j.get("ramBytes").asLong());

        Run csv = run("cost", "shrink-16", "--guest", "--format", "csv", "--machine", "4096M");
        assertEquals(0, csv.status(), csv.err());
        String[] rows = csv.out().split("\r\n");
        assertEquals(3, rows.length);
        String[] cols = rows[1].split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
        assertEquals(cols[3], cols[4], "guest and host memmap");
    }

    /** Issue 21: a guest's folio also costs the host's memmap: 2x(32+32)+80 = 208 B beats 2x(64+64) = 256 B at order 1. */
    @Test void guestBreakEvenCountsTheHostsMemmap() throws Exception {
        Run same = run("cost", "shrink-32", "--guest", "--machine", "4GiB", "--format", "json");
        assertEquals(0, same.status(), same.err());
        JsonNode s = new ObjectMapper().readTree(same.out()).get("states").get(1);
        assertEquals(32, s.get("structPageBytes").asInt());
        assertEquals(1, s.get("breakEvenOrder").get("folio").asInt(), "order 1 with the host in the same state");
        assertEquals(s.get("memmapBytes").asLong(), s.get("hostMemmapBytes").asLong());

        // a host still on the baseline: the host's memmap is the same on both sides, order 2 as outside a guest
        Run oldHost = run("cost", "shrink-32", "--guest", "--host-state", "baseline", "--machine", "4GiB", "--format", "json");
        assertEquals(0, oldHost.status(), oldHost.err());
        JsonNode o = new ObjectMapper().readTree(oldHost.out()).get("states").get(1);
        assertEquals(2, o.get("breakEvenOrder").get("folio").asInt());
        assertEquals(2 * o.get("memmapBytes").asLong(), o.get("hostMemmapBytes").asLong(), "a 64-byte host page for every guest frame");

        Run noGuest = run("cost", "--host-state", "baseline");
        assertEquals(2, noGuest.status());
        assertEquals("error: --host-state goes with --guest\n", noGuest.err());
        Run unknown = run("cost", "--guest", "--host-state", "nope");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().startsWith("error: --host-state: no state 'nope'"), unknown.err());
    }

    @Test void userMixFile() throws Exception {
        Path mix = dir.resolve("box.yaml");
        Files.writeString(mix, "name: box\nfractions:\n  - {kind: anon, order: 0, fraction: 1}\n");
        Run r = run("cost", "--mix", mix.toString(), "--machine", "1GiB");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("population: mix box"));
        Files.writeString(mix, "name: box\nfractions:\n  - {kind: anon, order: 0, fraction: 1, extra: 2}\n");
        Run bad = run("cost", "--mix", mix.toString());
        assertEquals(2, bad.status());
        int col = "  - {kind: anon, order: 0, fraction: 1, extra: 2}".indexOf("extra") + 1;
        assertEquals(mix + ":3:" + col + ": error: unknown key 'extra' (expected kind, order, fraction)", bad.err().strip());
    }

    @Test void limitAndBadInputExitTwoWithOneLine() {
        Run r = run("cost", "--machine", "4TiB");
        assertEquals(2, r.status());
        assertEquals("error: state buddy-pfn: the 8-byte buddy descriptor holds 29-bit PFNs: at most 2 TiB; this machine has 4 TiB;"
                + " zone-relative PFNs lift the limit to 2 TiB per zone", r.err().strip());
        Run z = run("cost", "buddy-zone-relative", "--machine", "4TiB", "--nodes", "2");
        assertEquals(0, z.status(), z.err());
        for (String[] args : new String[][] {{"cost", "--machine", "lots"}, {"cost", "nosuchstep"},
                {"cost", "--kpageflags", dir.toString()}, {"cost", "--live", "--mix", "thp"}, {"cost", "--mix", "nosuch"}}) {
            Run b = run(args);
            assertEquals(2, b.status(), String.join(" ", args));
            assertEquals(1, b.err().strip().lines().count(), b.err());
            assertTrue(b.err().contains("error"), b.err());
        }
    }

    @Test void aRealDumpFile() throws Exception {
        // 8 PFNs: two free, an order-2 file folio, a slab page, a zero word
        long lru = 1L << 5, up = 1L << 3, head = 1L << 15, tail = 1L << 16, buddy = 1L << 10, slab = 1L << 7;
        long[] words = {head | lru | up, tail | lru | up, tail | lru | up, tail | lru | up, buddy, buddy, slab, 0};
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) b.putLong(w);
        Path dump = dir.resolve("kpageflags");
        Files.write(dump, b.array());
        Run r = run("cost", "shrink-32", "--kpageflags", dump.toString(), "--format", "json");
        assertEquals(0, r.status(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out()).get("states").get(1);
        assertEquals(8 * 32, s.get("memmapBytes").asLong());
        // one folio and one slab, each a whole 4 KiB slab page of descriptors
        assertEquals(4096, s.get("descriptorBytesByKind").get("folio").asLong());
        assertEquals(4096, s.get("descriptorBytesByKind").get("slab").asLong());
    }

    @Test void liveMachine() {
        assumeTrue(Files.isReadable(Path.of("/proc/kpageflags")), "skipped: /proc/kpageflags not readable (needs root)");
        Run r = run("cost", "shrink-16", "--live");
        assumeTrue(r.status() != 2 || !r.err().contains("permission denied"), "skipped: " + r.err());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("population: kpageflags /proc/kpageflags"));
    }
}
