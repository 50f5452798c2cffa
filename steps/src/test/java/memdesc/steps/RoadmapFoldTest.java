package memdesc.steps;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A good roadmap loads into the records and folds into the states its changes describe. */
class RoadmapFoldTest {
    static Path fixture(String name) {
        try {
            return Path.of(RoadmapFoldTest.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Roadmap good() {
        return RoadmapLoader.load(fixture("good.yaml"));
    }

    static Member m(String s) {
        return Member.parse(s);
    }

    @Test void loadsPhasesBaselineAndSteps() {
        Roadmap r = good();
        assertEquals("Test Path", r.name());
        assertEquals(List.of("immediate", "later"), r.phases().stream().map(Phase::id).toList());
        assertTrue(r.phases().get(0).independent());
        assertFalse(r.phases().get(1).independent());
        assertEquals(List.of("lru-uses", "index-uses", "slab-type", "btrfs-back"), r.steps().stream().map(Step::id).toList());
        assertEquals(List.of(1, 2, 3, 4), r.steps().stream().map(Step::number).toList());
        assertEquals("small baseline", r.baselineTitle());
        assertEquals("000_1925f753cd08e018.txt", r.baselineSource().seed());
        Step s1 = r.steps().get(0);
        assertEquals("done", s1.status());
        assertEquals("", s1.note());
        assertEquals("Immediate projects", s1.source().section());
        assertEquals(List.of(new Expect.Size("page", 40, s1.expect().sizes().get(0).loc())), s1.expect().sizes());
        assertEquals(m("folio.lru"), s1.expect().matches().get(0).a());
        assertEquals("page->lru\\b", s1.probes().get(0).regex());
        assertEquals("planned", r.steps().get(1).status());
        assertEquals("the seeds disagree on the code", r.steps().get(2).note());
        assertEquals(List.of("slab-type", "index-uses"), r.steps().get(3).requiredIds());
    }

    @Test void baselineState() {
        State b = good().states().get(0);
        assertTrue(b.isBaseline());
        assertEquals(List.of("page", "folio"), List.copyOf(b.structs().keySet()));
        assertEquals("1", b.config().get("CONFIG_MEMCG"));
        assertEquals(List.of(0, 1), List.copyOf(b.memdescTypes().keySet()));
        assertEquals("compound_head", b.helper("page_folio", "?"));
        assertFalse(b.separate("folio"));
        User lru = b.users().get("lru");
        assertEquals("mm/swap.c", lru.file());
        // each access carries the position of its list item, flow and block style alike
        assertEquals(new Loc(fixture("good.yaml").toString(), 29, 18), lru.accesses().get(0).loc());
        assertEquals(new Loc(fixture("good.yaml").toString(), 29, 28), lru.accesses().get(1).loc());
        assertEquals(new Loc(fixture("good.yaml").toString(), 35, 11), b.users().get("cache").accesses().get(1).loc());
    }

    @Test void foldsEveryStep() {
        Roadmap r = good();
        List<State> st = r.states();
        assertEquals(5, st.size());
        st.forEach(s -> assertEquals(List.of(), s.problems(), "state " + s.index()));

        State s1 = st.get(1);
        assertEquals("lru-uses", s1.stepId());
        assertTrue(s1.users().get("lru").accesses(m("folio.lru")));
        assertFalse(s1.users().get("lru").accesses(m("page.lru")));
        assertTrue(s1.struct("page").hidden().containsKey("lru"));

        State s2 = st.get(2);
        for (String u : List.of("cache", "btrfs")) {
            assertTrue(s2.users().get(u).accesses(m("folio.index")), u);
            assertFalse(s2.users().get(u).accesses(m("page.index")), u);
        }
        assertTrue(s2.struct("folio").c().contains("unsigned long index;"));
        assertEquals(new Loc(fixture("good.yaml").toString(), 63, 13), s2.struct("folio").loc());

        State s3 = st.get(3);
        assertEquals(List.of(0, 5), List.copyOf(s3.memdescTypes().keySet()));
        assertEquals("slab", s3.memdescTypes().get(5).name());
        assertTrue(s3.separate("folio"));
        assertEquals("memdesc", s3.helper("page_folio", "?"));
        assertNull(s3.config().get("CONFIG_MEMCG"));
        assertFalse(s3.enabled("btrfs"));
        assertEquals("developer preview", s3.disabled().get("btrfs").reason());

        State s4 = st.get(4);
        assertTrue(s4.enabled("btrfs"));
        assertEquals(4, s4.index());
    }

    @Test void misplacedConvertIsAProblemOfThatStateNotALoadError() {
        String yaml = RoadmapLoaderTest.MIN.replace("{remove: page.a}", "{convert: {users: [u], from: page.b, to: page.a}}");
        Roadmap r = RoadmapLoader.parse("r.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        List<State.Problem> p = r.states().get(1).problems();
        assertEquals(1, p.size());
        assertEquals(new Loc("r.yaml", 16, 16), p.get(0).loc());
        assertEquals("user 'u' does not access page->b here, so it cannot be converted", p.get(0).message());
    }

    /** Every character of every struct's C text is found at the roadmap position locate() gives for it. */
    @Test void structLocateMapsCPositionsBackToTheRoadmap() throws IOException {
        List<String> lines = Files.readAllLines(fixture("good.yaml"));
        int checked = 0;
        for (State s : good().states())
            for (StructDef d : s.structs().values()) {
                String[] c = d.c().split("\n");
                for (int l = 0; l < c.length; l++)
                    for (int col = 0; col < c[l].length(); col++) {
                        Loc at = d.locate(l + 1, col + 1);
                        assertEquals(c[l].charAt(col), lines.get(at.line() - 1).charAt(at.column() - 1),
                                d.name() + " C " + (l + 1) + ":" + (col + 1) + " -> " + at);
                        checked++;
                    }
            }
        assertTrue(checked > 300, "checked " + checked);
        StructDef page = good().states().get(0).struct("page");
        assertEquals(new Loc(fixture("good.yaml").toString(), 17, 8), page.locate(3, 2));
        StructDef folio = good().states().get(0).struct("folio");
        assertEquals(new Loc(fixture("good.yaml").toString(), 20, 19), folio.locate(1, 7)); // inside "..."
    }

    /** Explicit indentation indicators and leading blank lines keep the mapping exact. */
    @Test void structLocateWithIndentIndicatorAndLeadingBlankLine() {
        String yaml = RoadmapLoaderTest.MIN.replace("    page: \"struct page { int a; int b; };\"\n", """
                    page: |2

                        struct page {
                      \tint a;
                      \tint b;
                      };
                """);
        Roadmap r = RoadmapLoader.parse("r.yaml", yaml.getBytes(StandardCharsets.UTF_8));
        StructDef page = r.baseline().struct("page");
        assertEquals("\n  struct page {\n\tint a;\n\tint b;\n};\n", page.c());
        assertEquals(new Loc("r.yaml", 9, 7), page.loc());
        String[] lines = yaml.split("\n", -1);
        String[] c = page.c().split("\n", -1);
        for (int l = 0; l < c.length; l++)
            for (int col = 0; col < c[l].length(); col++) {
                Loc at = page.locate(l + 1, col + 1);
                assertEquals(c[l].charAt(col), lines[at.line() - 1].charAt(at.column() - 1), at.toString());
            }
        assertEquals(new Loc("r.yaml", 10, 9), page.locate(2, 3)); // the 's' of "  struct page {"
    }

    // --------------------------------------------------------------------------------- checksums

    static final String HEAD = RoadmapLoaderTest.MIN.substring(0, RoadmapLoaderTest.MIN.indexOf("steps:"));

    static String checksum(String steps) {
        return RoadmapLoader.parse("r.yaml", (HEAD + steps).getBytes(StandardCharsets.UTF_8)).steps().get(0).checksum();
    }

    @Test void checksumIgnoresFormattingCommentsAndKeyOrder() {
        String block = """
                steps:
                  - id: a
                    title: A
                    phase: p
                    source: {seed: s.txt, section: S}
                    changes:
                      - remove: page.a
                      - convert: {users: [u], from: page.b, to: page.a}
                """;
        String flow = """
                steps: [{changes: [{remove: 'page.a'}, {convert: {to: page.a, from: "page.b", users: [u]}}],
                         # the same step, written otherwise
                         source: {section: S, seed: s.txt}, phase: p, title: "A", id: a}]
                """;
        String other = """
                steps:
                  - id: a
                    title: A
                    phase: p
                    source: {seed: s.txt, section: S}
                    changes:
                      - remove: page.a
                      - convert: {users: [u], from: page.a, to: page.b}
                """;
        String a = checksum(block);
        assertEquals(64, a.length());
        assertNotEquals(checksum(block.replace("remove: page.a\n      - convert", "convert")
                .replace("to: page.a}", "to: page.a}\n      - remove: page.a")), a, "change order counts");
        assertEquals(a, checksum(flow));
        assertNotEquals(a, checksum(other));
        assertNotEquals(a, checksum(block.replace("title: A", "title: A2")));
    }

    @Test void bundledReadsAClasspathResource() {
        Roadmap r = RoadmapLoader.bundled("/fixtures/good.yaml");
        assertEquals(4, r.steps().size());
        assertEquals("(bundled)/fixtures/good.yaml", r.file());
        InputException e = assertThrows(InputException.class, () -> RoadmapLoader.bundled("/fixtures/none.yaml"));
        assertEquals("memdesc: error: no /fixtures/none.yaml in this build of memdesc", e.getMessage());
    }
}
