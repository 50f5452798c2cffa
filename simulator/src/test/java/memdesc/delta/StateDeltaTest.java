package memdesc.delta;

import memdesc.cost.MemoryCost;
import memdesc.layout.Abi;
import memdesc.layout.CHeader;
import memdesc.layout.StructLayout;
import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deltas worked out by hand: a member moved, a union added, a descriptor leaving the memmap, users rebound. */
class StateDeltaTest {
    static StructLayout lay(String c, String name) {
        return CHeader.parse("t.h", c, Abi.LP64, Map.of()).require(name);
    }

    @Test void memberMovedAndHoleAppears() {
        // before: a@0 (8), b@8 (4), c@12 (4) = 16; after: b first, then a: b@0 (4), hole 4..7, a@8, c@16, padding 20..23
        StructDelta d = StructDelta.between("s", lay("struct s { long a; int b; int c; };", "s"),
                lay("struct s { int b; long a; int c; };", "s"));
        assertEquals(16, d.sizeBefore());
        assertEquals(24, d.sizeAfter());
        assertEquals(List.of(
                new StructDelta.Change(StructDelta.Change.Kind.MOVED, "b", "int", "int", 8, 0, 4, 4),
                new StructDelta.Change(StructDelta.Change.Kind.MOVED, "a", "long int", "long int", 0, 8, 8, 8),
                new StructDelta.Change(StructDelta.Change.Kind.MOVED, "c", "int", "int", 12, 16, 4, 4)), d.members());
        assertEquals(List.of(), d.gapsBefore());
        assertEquals(List.of(new StructDelta.Gap(4, 4, false), new StructDelta.Gap(20, 4, true)), d.gapsAfter());
        String text = DeltaText.structs(List.of(d), 80);
        assertTrue(text.startsWith("struct s: 16 -> 24 bytes (+8)\n"), text);
        assertTrue(text.contains("  > a       @0 -> 8         8  long int"), text);
        assertTrue(text.contains("holes: +hole 4 at @4, +padding 4 at @20"), text);
    }

    @Test void unionAddedOverExistingBytes() {
        // x and y become alternatives of one union: y moves onto x's bytes, z is new, the struct shrinks 16 -> 8
        StructDelta d = StructDelta.between("u", lay("struct u { long x; long y; };", "u"),
                lay("struct u { union { long x; long y; int z; }; };", "u"));
        assertEquals(8, d.sizeAfter());
        assertEquals(List.of(
                new StructDelta.Change(StructDelta.Change.Kind.MOVED, "y", "long int", "long int", 8, 0, 8, 8),
                new StructDelta.Change(StructDelta.Change.Kind.ADDED, "z", null, "int", -1, 0, -1, 4)), d.members());
        // z is narrower than the union, but x and y cover the bytes: no hole
        assertEquals(List.of(), d.gapsAfter());
    }

    @Test void namedStructMemberIsOneItemAndAnonymousBodiesAreTransparent() {
        StructLayout l = lay("struct list_head { struct list_head *next, *prev; };"
                + " struct p { unsigned long flags; union { struct list_head lru; struct { void *f; unsigned int m; }; }; };", "p");
        assertEquals(List.of("flags", "lru", "f", "m"), List.copyOf(StructDelta.index(l).keySet()));
        // m covers 16..19; lru covers 8..23: no hole inside the union
        assertEquals(List.of(), StructDelta.gaps(l));
    }

    @Test void identicalLayoutsHaveNoDelta() {
        StructLayout a = lay("struct s { int a : 3; int b : 5; char c; };", "s");
        assertFalse(StructDelta.between("s", a, a).changed());
    }

    @Test void bitfieldWidthChangeIsAResize() {
        StructDelta d = StructDelta.between("s", lay("struct s { unsigned int a : 3; unsigned int b : 5; };", "s"),
                lay("struct s { unsigned int a : 3; unsigned int b : 9; };", "s"));
        assertEquals(List.of(StructDelta.Change.Kind.RESIZED), d.members().stream().map(StructDelta.Change::kind).toList());
        assertEquals("b", d.members().get(0).path());
    }

    static final String ROADMAP = """
            name: T
            phases:
              - {id: p, title: P}
            baseline:
              title: b
              source: {seed: s.txt, section: S}
              structs:
                folio: "struct folio { unsigned long flags; void *lru; };"
                page: "struct page { unsigned long flags; void *lru; int _refcount; };"
              descriptors:
                folio: {struct: folio, placement: memmap}
              helpers: {page_folio: compound_head}
              users:
                lru: {file: mm/swap.c, title: LRU, accesses: [page.lru, page.flags]}
                core: {file: mm/core.c, title: core, accesses: [page._refcount]}
            steps:
              - id: a
                title: folio out of the memmap
                phase: p
                source: {seed: s.txt, section: S}
                changes:
                  - convert: {users: [lru], from: page.lru, to: folio.lru}
                  - remove: page.lru
                  - allocate: {descriptor: folio, struct: folio, placement: separate}
                  - helper: {name: page_folio, impl: memdesc}
                  - set_type: {code: 2, name: file}
                  - config: {symbol: CONFIG_X, value: "1"}
                  - disable: {users: [core], reason: preview}
              - id: b
                title: shrink the page
                phase: p
                source: {seed: s.txt, section: S}
                changes:
                  - define: {struct: page, c: "struct page { unsigned long flags; int _refcount; };"}
                  - enable: [core]
            """;

    static Roadmap roadmap() {
        return RoadmapLoader.parse("t.yaml", ROADMAP.getBytes(StandardCharsets.UTF_8));
    }

    @Test void descriptorLeavesTheMemmapAndUsersAreRebound() {
        StateDelta d = StateDelta.step(roadmap(), 1, List.of());
        assertEquals(List.of(), d.structs(), "no layout changed in step a");
        assertEquals(List.of("page.lru"), d.hidden());
        assertEquals(List.of(new StateDelta.Placement("folio", "folio", "memmap", "separate")), d.placements());
        assertEquals(List.of(new StateDelta.Rebinding("lru", List.of(new StateDelta.Move("page.lru", "folio.lru")), List.of(), List.of())),
                d.users());
        assertEquals(List.of(new StateDelta.Switch("page_folio", "compound_head", "memdesc")), d.helpers());
        assertEquals(List.of(new StateDelta.Switch("2", null, "file")), d.types());
        assertEquals(List.of(new StateDelta.Switch("CONFIG_X", null, "1")), d.config());
        assertEquals(List.of("core"), d.disabled());
        String text = DeltaText.text(d, 80);
        assertTrue(text.contains("  folio (struct folio): overlaid on the memmap -> separately allocated"), text);
        assertTrue(text.contains("  lru  page.lru -> folio.lru"), text);
        assertTrue(text.contains("  page_folio()  compound_head -> memdesc"), text);
        assertTrue(text.contains("  set      2 file"), text);
        assertTrue(text.contains("disabled: core"), text);
    }

    @Test void redefinitionShrinksAndEnables() {
        StateDelta d = StateDelta.step(roadmap(), 2, List.of(MemoryCost.mix("idle").population(1L << 30)));
        assertEquals(1, d.structs().size());
        StructDelta page = d.structs().get(0);
        assertEquals(24, page.sizeBefore());
        assertEquals(16, page.sizeAfter());
        // lru at 8 goes; _refcount moves 16 -> 8; the 4 bytes of padding stay at the end (now at 12)
        assertEquals(List.of(StructDelta.Change.Kind.REMOVED, StructDelta.Change.Kind.MOVED),
                page.members().stream().map(StructDelta.Change::kind).toList());
        assertEquals(List.of(), d.hidden(), "lru was hidden and is now gone with the redefinition");
        assertEquals(List.of(), d.unhidden(), "lru went with the redefinition: it is not usable again");
        assertEquals(List.of("core"), d.enabled());
        // the memmap of 1 GiB: 262144 frames x 24 bytes -> x 16 bytes
        StateDelta.Cost c = d.costs().get(0);
        assertEquals(262144L * 24, c.memmapBefore());
        assertEquals(262144L * 16, c.memmapAfter());
        assertTrue(DeltaText.text(d, 80).contains("-2 MiB"), DeltaText.text(d, 80));
    }

    @Test void jsonAndMarkdownCarryTheSameFacts() throws Exception {
        StateDelta d = StateDelta.step(roadmap(), 2, List.of());
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(DeltaText.json(List.of(d)));
        assertEquals("b", tree.get(0).get("to").get("id").asText());
        assertEquals(16, tree.get(0).get("structs").get(0).get("sizeAfter").asLong());
        assertEquals("MOVED", tree.get(0).get("structs").get(0).get("members").get(1).get("kind").asText());
        String md = DeltaText.markdown(d);
        assertTrue(md.contains("#### struct page: 24 → 16 bytes (-8)"), md);
        assertTrue(md.contains("| moved | `_refcount` | @16 → 8 | 4 | `int` |"), md);
    }

    @Test void badStepNumbersAreInputErrors() {
        Roadmap r = roadmap();
        assertThrows(InputException.class, () -> StateDelta.step(r, 0, List.of()));
        assertThrows(InputException.class, () -> StateDelta.between(r, 0, 9, List.of()));
    }

    @Test void shippedRoadmapShrink32FitsOneScreen() {
        Roadmap r = RoadmapLoader.load(Path.of("../roadmap.yaml"));
        int k = r.resolve("shrink-32");
        StateDelta d = StateDelta.step(r, k, List.of(MemoryCost.mix("idle").population(1L << 40)));
        StructDelta page = d.structs().stream().filter(s -> s.name().equals("page")).findFirst().orElseThrow();
        assertEquals(64, page.sizeBefore());
        assertEquals(32, page.sizeAfter());
        assertTrue(page.members().stream().anyMatch(c -> c.path().equals("memdesc") && c.kind() == StructDelta.Change.Kind.ADDED));
        String text = DeltaText.text(d, 80);
        assertTrue(text.lines().count() <= 50, "one screen: " + text.lines().count() + " lines\n" + text);
        text.lines().forEach(l -> assertTrue(l.length() <= 80, "over 80 columns: " + l));
    }
}
