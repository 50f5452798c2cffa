package memdesc.steps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Roadmaps that extend another: steps replaced, inserted and removed; errors located in the right file. */
class VariantTest {
    @TempDir Path dir;

    static final String BASE = """
            name: Base
            phases:
              - {id: p, title: P}
            baseline:
              title: b
              source: {seed: s.txt, section: S}
              structs:
                page: "struct page { int a; int b; int c; };"
              users:
                u: {file: f.c, title: U, accesses: [page.a]}
            steps:
              - id: one
                title: One
                phase: p
                source: {seed: s.txt, section: S}
                changes: [{convert: {users: [u], from: page.a, to: page.b}}]
              - id: two
                title: Two
                phase: p
                source: {seed: s.txt, section: S}
                changes: [{convert: {users: [u], from: page.b, to: page.c}}]
            """;

    Roadmap load(String variant) throws Exception {
        Files.writeString(dir.resolve("base.yaml"), BASE);
        Files.createDirectories(dir.resolve("v"));
        Files.writeString(dir.resolve("v/var.yaml"), variant);
        return RoadmapLoader.load(dir.resolve("v/var.yaml"), "v/var.yaml");
    }

    /** A variant that replaces step one, inserts three after it and removes two. */
    static final String REPLACE_INSERT_REMOVE = """
                extends: ../base.yaml
                name: Variant
                remove_steps: [two]
                steps:
                  - id: one
                    title: One, done differently
                    phase: p
                    source: {seed: s.txt, section: T}
                    changes: [{convert: {users: [u], from: page.a, to: page.c}}]
                  - id: three
                    after: one
                    title: Three
                    phase: p
                    source: {seed: s.txt, section: S}
                    changes: [{convert: {users: [u], from: page.c, to: page.b}}]
                """;

    @Test void replaceInsertRemove() throws Exception {
        Roadmap r = load(REPLACE_INSERT_REMOVE);
        assertEquals("Variant", r.name());
        assertEquals("v/var.yaml", r.file());
        assertEquals(List.of("one", "three"), r.steps().stream().map(Step::id).toList());
        assertEquals("One, done differently", r.steps().get(0).title());
        assertEquals("page.b", r.states().get(2).users().get("u").accesses().get(0).member().toString());
        assertEquals(1, r.baseline().users().size(), "the baseline is the base's");
    }

    @Test void errorsNameTheFileTheyAreIn() throws Exception {
        InputException inVariant = assertThrows(InputException.class, () -> load("""
                extends: ../base.yaml
                steps:
                  - id: none
                    title: X
                """));
        assertTrue(inVariant.getMessage().startsWith("v/var.yaml:3:5: error: the base roadmap has no step 'none' to replace"), inVariant.getMessage());
        // a bad step of the base (a convert for a user nobody declared) still points into the base
        Files.writeString(dir.resolve("base.yaml"), BASE.replace("users: [u], from: page.b", "users: [nobody], from: page.b"));
        InputException inBase = assertThrows(InputException.class, () -> {
            Files.createDirectories(dir.resolve("v"));
            Files.writeString(dir.resolve("v/var.yaml"), "extends: ../base.yaml\nname: V\n");
            RoadmapLoader.load(dir.resolve("v/var.yaml"), "v/var.yaml");
        });
        assertTrue(inBase.getMessage().startsWith("base.yaml:"), inBase.getMessage());
    }

    @Test void missingBaseAndLoops() throws Exception {
        InputException missing = assertThrows(InputException.class, () -> load("extends: ../nope.yaml\n"));
        assertEquals("v/var.yaml:1:10: error: the base roadmap nope.yaml: no such file", missing.getMessage());
        Files.writeString(dir.resolve("loop.yaml"), "extends: loop.yaml\n");
        InputException loop = assertThrows(InputException.class, () -> RoadmapLoader.load(dir.resolve("loop.yaml"), "loop.yaml"));
        assertTrue(loop.getMessage().contains("nests deeper than 8 files"), loop.getMessage());
        InputException after = assertThrows(InputException.class, () -> load("""
                extends: ../base.yaml
                steps:
                  - {id: one, after: two, title: X, phase: p, source: {seed: s.txt, section: S}, changes: []}
                """));
        assertTrue(after.getMessage().contains("'after' is for new steps"), after.getMessage());
    }

    @Test void theShippedVariantOfThe002Layout() {
        Roadmap r = RoadmapLoader.load(Path.of("..", "roadmaps", "path-002.yaml"), "roadmaps/path-002.yaml");
        Roadmap base = RoadmapLoader.load(Path.of("..", "roadmap.yaml"));
        assertEquals(base.steps().size(), r.steps().size());
        Step s = r.step("shrink-32").orElseThrow();
        assertEquals("002_237e2aec65f28517.txt", s.source().seed());
        assertTrue(r.states().get(s.number()).struct("page").c().contains("int _refcount;"));
        // every other step is the base's, to the checksum
        for (int i = 0; i < r.steps().size(); i++)
            if (!r.steps().get(i).id().equals("shrink-32"))
                assertEquals(base.steps().get(i).checksum(), r.steps().get(i).checksum(), r.steps().get(i).id());
    }

    @Test void aVariantThatOnlyRemovesStepsLoads() throws Exception {
        Roadmap r = load("extends: ../base.yaml\nremove_steps: [two]\n");
        assertEquals(List.of("one"), r.steps().stream().map(Step::id).toList());
    }

    @Test void unmodelledMergesWithTheBasesByMember() throws Exception {
        Files.writeString(dir.resolve("base.yaml"), BASE + "unmodelled:\n  page.c: not used\n  page.b: the base's reason\n");
        Files.createDirectories(dir.resolve("v"));
        Files.writeString(dir.resolve("v/var.yaml"), "extends: ../base.yaml\nunmodelled:\n  page.b: the variant's reason\n  page.a: a third\n");
        Roadmap r = RoadmapLoader.load(dir.resolve("v/var.yaml"), "v/var.yaml");
        var um = r.baseline().claims().unmodelled();
        assertEquals(List.of("page.c", "page.b", "page.a"), List.copyOf(um.keySet()));
        assertEquals("the variant's reason", um.get("page.b").reason());
    }

    /** flatten: one stand-alone text, spliced from the files' own lines, that loads to the same roadmap. */
    @Test void aFlattenedVariantLoadsToTheSameRoadmap() throws Exception {
        Roadmap r = load(REPLACE_INSERT_REMOVE);
        String flat = RoadmapLoader.flatten(dir.resolve("v/var.yaml"));
        assertTrue(!flat.contains("extends:") && !flat.contains("after:") && !flat.contains("remove_steps"), flat);
        assertTrue(flat.contains("    changes: [{convert: {users: [u], from: page.a, to: page.c}}]"), "the variant's own lines:\n" + flat);
        sameRoadmap(r, RoadmapLoader.parse("flat.yaml", flat.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(BASE, RoadmapLoader.flatten(dir.resolve("base.yaml")), "a roadmap that extends nothing is its own text");
    }

    @Test void theShippedTwoWordPlanFlattensToItself() {
        Path file = Path.of("..", "roadmaps", "two-word.yaml");
        Roadmap r = RoadmapLoader.load(file, file.toString());
        String flat = RoadmapLoader.flatten(file);
        sameRoadmap(r, RoadmapLoader.parse("flat.yaml", flat.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(List.of("slab-split", "dyn-folio", "two-word", "vmalloc-allocatee"), r.steps().stream()
                .filter(s -> s.source().seed().startsWith("001_")).map(Step::id).toList(), "the steps that cite 001");
    }

    static void sameRoadmap(Roadmap a, Roadmap b) {
        assertEquals(a.name(), b.name());
        assertEquals(a.steps().stream().map(s -> s.id() + "@" + s.checksum()).toList(), b.steps().stream().map(s -> s.id() + "@" + s.checksum()).toList());
        assertEquals(a.states().stream().map(State::contentHash).toList(), b.states().stream().map(State::contentHash).toList());
        assertEquals(a.baseline().claims().unmodelled().keySet(), b.baseline().claims().unmodelled().keySet());
    }
}
