package memdesc.steps;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every load error, with the exact one-line message and position the user sees. */
class RoadmapLoaderTest {
    /** A minimal valid roadmap; the line numbers in the comments are what the tests below rely on. */
    static final String MIN = """
            name: T
            phases:
              - {id: p, title: P}
            baseline:
              title: b
              source: {seed: s.txt, section: S}
              structs:
                page: "struct page { int a; int b; };"
              users:
                u: {file: f.c, title: U, accesses: [page.a]}
            steps:
              - id: a
                title: A
                phase: p
                source: {seed: s.txt, section: S}
                changes: [{remove: page.a}]
            """;

    static String error(String yaml) {
        InputException e = assertThrows(InputException.class,
                () -> RoadmapLoader.parse("r.yaml", yaml.getBytes(StandardCharsets.UTF_8)));
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
        return e.getMessage();
    }

    static String step(String extra) {
        return MIN + extra;
    }

    @Test void minimalLoads() {
        Roadmap r = RoadmapLoader.parse("r.yaml", MIN.getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.steps().size());
        assertEquals("T", r.name());
        assertEquals("r.yaml", r.file());
        assertEquals(new Loc("r.yaml", 12, 5), r.steps().get(0).loc());
    }

    // ------------------------------------------------------------------------------- syntax

    @Test void yamlSyntaxErrorIsOneLineAtTheProblem() {
        assertEquals("r.yaml:2:10: error: mapping values are not allowed here",
                error("name: T\nphases: a: b\n"));
    }

    @Test void unclosedFlowSequence() {
        assertEquals("r.yaml:3:9: error: expected ',' or ']', but got : (while parsing a flow sequence)",
                error("name: T\nphases: [a, b\nbaseline: {}\n"));
    }

    @Test void tabIndentation() {
        assertEquals("r.yaml:2:1: error: found character '\\t(TAB)' that cannot start any token. (Do not use \\t(TAB)"
                + " for indentation) (while scanning for the next token)", error("name: T\n\tphases: x\n"));
    }

    @Test void complexKeyRefused() {
        assertEquals("r.yaml:2:3: error: a key must be plain text, not a list or mapping", error("name: T\n? [a, b]\n: c\n"));
    }

    @Test void rootMustBeAMapping() {
        assertEquals("r.yaml:1:1: error: a roadmap must be a mapping with name, phases, baseline and steps, not a list",
                error("- a\n- b\n"));
    }

    @Test void oneDocumentOnly() {
        assertEquals("r.yaml:18:1: error: a roadmap is one YAML document; a second one starts here", error(MIN + "---\nname: U\n"));
    }

    @Test void nearlyFourMebibytesIsAccepted() {
        StringBuilder b = new StringBuilder(MIN);
        String comment = "# " + "x".repeat(1000) + "\n";
        while (b.length() + comment.length() < RoadmapLoader.MAX_BYTES) b.append(comment);
        Roadmap r = RoadmapLoader.parse("r.yaml", b.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.steps().size());
        assertTrue(b.length() > 4_000_000, "beyond SnakeYAML's default 3 MB code point limit: " + b.length());
    }

    // --------------------------------------------------------------------------- unknown keys

    @Test void unknownKeyInStepBlockStyle() {
        assertEquals("r.yaml:17:5: error: unknown key 'tilte' in step (did you mean 'title'?)",
                error(MIN + "    tilte: x\n"));
    }

    @Test void unknownKeyAtTopLevel() {
        assertEquals("r.yaml:17:1: error: unknown key 'step' in roadmap (did you mean 'steps'?)",
                error(MIN + "step: []\n"));
    }

    @Test void unknownKeyInFlowMapping() {
        assertEquals("r.yaml:3:23: error: unknown key 'titel' in phase (did you mean 'title'?)",
                error(MIN.replace("{id: p, title: P}", "{id: p, title: P, titel: Q}")));
    }

    @Test void unknownKeyNestedInSource() {
        assertEquals("r.yaml:6:37: error: unknown key 'sektion' in source (did you mean 'section'?)",
                error(MIN.replace("{seed: s.txt, section: S}\n  structs", "{seed: s.txt, section: S, sektion: T}\n  structs")));
    }

    @Test void unknownChangeKind() {
        assertEquals("r.yaml:16:16: error: unknown change 'remvoe' (did you mean 'remove'?)",
                error(MIN.replace("{remove: page.a}", "{remvoe: page.a}")));
    }

    // ---------------------------------------------------------------------------- missing keys

    @Test void missingTitleInStepAtTheMapping() {
        assertEquals("r.yaml:12:5: error: step 'a' has no 'title'", error(MIN.replace("    title: A\n", "")));
    }

    @Test void missingTopLevelKey() {
        assertEquals("r.yaml:1:1: error: the roadmap has no 'steps'",
                error(MIN.substring(0, MIN.indexOf("steps:"))));
    }

    @Test void missingKeyInFlowMapping() {
        assertEquals("r.yaml:10:8: error: user 'u' has no 'title'", error(MIN.replace("title: U, ", "")));
    }

    // ------------------------------------------------------------------------------ wrong types

    @Test void requiresMustBeAList() {
        assertEquals("r.yaml:17:15: error: 'requires' must be a list of step ids, not a mapping",
                error(MIN + "    requires: {a: 1}\n"));
    }

    @Test void requiresMustBeAListBlockStyle() {
        assertEquals("r.yaml:18:7: error: 'requires' must be a list of step ids, not a mapping",
                error(MIN + "    requires:\n      a: 1\n"));
    }

    @Test void missingKeyInFlowMappingIsAtItsBrace() {
        assertEquals("r.yaml:15:13: error: source has no 'section'",
                error(MIN.replace("    source: {seed: s.txt, section: S}", "    source: {seed: s.txt}")));
    }

    @Test void titleMustBeText() {
        assertEquals("r.yaml:13:12: error: 'title' must be text, not a list", error(MIN.replace("title: A", "title: [A]")));
    }

    @Test void independentMustBeBoolean() {
        assertEquals("r.yaml:3:36: error: 'independent' must be true or false, not the text 'yes please'",
                error(MIN.replace("title: P}", "title: P, independent: yes please}")));
    }

    @Test void emptyRequiredValue() {
        assertEquals("r.yaml:13:11: error: 'title' is empty", error(MIN.replace("title: A", "title:")));
    }

    // ------------------------------------------------------------------------------ duplicates

    @Test void duplicateKey() {
        assertEquals("r.yaml:14:5: error: duplicate key 'title' (first at 13:5)",
                error(MIN.replace("    phase: p\n", "    title: B\n    phase: p\n")));
    }

    @Test void duplicateKeyInFlowMapping() {
        assertEquals("r.yaml:3:22: error: duplicate key 'id' (first at 3:6)",
                error(MIN.replace("{id: p, title: P}", "{id: p, title: P, id: q}").replace("title: P, id", "title: P,id")));
    }

    @Test void duplicateStepId() {
        assertEquals("r.yaml:17:9: error: duplicate step id 'a' (first at 12:9)", error(MIN + """
                  - id: a
                    title: A again
                    phase: p
                    source: {seed: s.txt, section: S}
                    changes: []
                """));
    }

    // ------------------------------------------------------------------------------- requires

    static final String B = """
              - id: b
                title: B
                phase: p
                source: {seed: s.txt, section: S}
                changes: []
            """;

    @Test void requiresUnknownStep() {
        assertEquals("r.yaml:22:16: error: step 'b' requires unknown step 'aa' (did you mean 'a'?)",
                error(MIN + B + "    requires: [aa]\n"));
    }

    @Test void requiresLaterStep() {
        assertEquals("r.yaml:17:16: error: step 'a' (step 1) requires 'b', which comes later (step 2);"
                + " a step may only require earlier steps", error(MIN + "    requires: [b]\n" + B));
    }

    @Test void requiresCycleIsReportedAsACycle() {
        assertEquals("r.yaml:23:16: error: requires cycle: a -> b -> a",
                error(MIN + "    requires: [b]\n" + B + "    requires: [a]\n"));
    }

    @Test void requiresItself() {
        assertEquals("r.yaml:17:16: error: requires cycle: a -> a", error(MIN + "    requires: [a]\n"));
    }

    // ------------------------------------------------------------------------- users and structs

    @Test void unknownUserInConvert() {
        assertEquals("r.yaml:16:34: error: unknown user 'uu' (did you mean 'u'?)",
                error(MIN.replace("{remove: page.a}", "{convert: {users: [uu], from: page.a, to: page.b}}")));
    }

    @Test void unknownStructInRemove() {
        assertEquals("r.yaml:16:24: error: unknown struct 'pgae': neither the baseline nor any step defines it (did you mean 'page'?)",
                error(MIN.replace("{remove: page.a}", "{remove: pgae.a}")));
    }

    @Test void structDefinedByALaterStepIsKnown() {
        Roadmap r = RoadmapLoader.parse("r.yaml", (MIN.replace("{remove: page.a}", "{remove: folio.a}") + """
                  - id: b
                    title: B
                    phase: p
                    source: {seed: s.txt, section: S}
                    changes:
                      - define: {struct: folio, c: "struct folio { int a; };"}
                """).getBytes(StandardCharsets.UTF_8));
        // a remove before the define is a semantic problem of that state, not a load error
        assertEquals(1, r.states().get(1).problems().size());
        assertEquals("struct folio is not defined here", r.states().get(1).problems().get(0).message());
        assertEquals(0, r.states().get(2).problems().size());
    }

    @Test void unknownStructInExpectSizes() {
        assertEquals("r.yaml:17:22: error: unknown struct 'folio': neither the baseline nor any step defines it",
                error(MIN + "    expect: {sizes: {folio: 8}}\n"));
    }

    @Test void badMemberSyntax() {
        assertEquals("r.yaml:10:41: error: an access must name a member as struct.member[.sub], not 'a'",
                error(MIN.replace("accesses: [page.a]", "accesses: [a]")));
    }

    // --------------------------------------------------------------------- value constraints

    @Test void typeCodeOutOfRange() {
        assertEquals("r.yaml:16:33: error: memdesc type code 16 is outside 0..15",
                error(MIN.replace("{remove: page.a}", "{set_type: {code: 16, name: x}}")));
    }

    @Test void baselineTypeCodeOutOfRange() {
        assertEquals("r.yaml:7:19: error: memdesc type code -1 is outside 0..15",
                error(MIN.replace("  structs:\n", "  memdesc_types: {-1: x}\n  structs:\n")));
    }

    @Test void badPlacement() {
        assertEquals("r.yaml:16:67: error: bad placement 'seperate': use memmap, separate, in_block (did you mean 'separate'?)",
                error(MIN.replace("{remove: page.a}", "{allocate: {descriptor: d, struct: page, placement: seperate}}")));
    }

    @Test void badStatus() {
        assertEquals("r.yaml:17:13: error: bad status 'doing': use done, in-progress or planned, or {done-in: vX.Y} (did you mean 'done'?)",
                error(MIN + "    status: doing\n"));
    }

    @Test void badStepId() {
        assertEquals("r.yaml:12:9: error: bad step id 'A_1': use lower-case letters, digits and '-', starting with a letter or digit",
                error(MIN.replace("- id: a", "- id: A_1")));
    }

    @Test void nonIntegerSize() {
        assertEquals("r.yaml:17:28: error: size of struct page must be a whole number of bytes, not the text '32.5'",
                error(MIN + "    expect: {sizes: {page: 32.5}}\n"));
    }

    @Test void quotedSizeIsNotANumber() {
        assertEquals("r.yaml:17:28: error: size of struct page must be a whole number of bytes, not the text '32'",
                error(MIN + "    expect: {sizes: {page: \"32\"}}\n"));
    }

    @Test void seedMustBeAFileName() {
        assertEquals("r.yaml:15:20: error: 'seed' must be a file name in the seeds directory, not '../s.txt'",
                error(MIN.replace("    source: {seed: s.txt", "    source: {seed: ../s.txt")));
    }

    @Test void unknownPhase() {
        assertEquals("r.yaml:14:12: error: unknown phase 'q' (did you mean 'p'?)", error(MIN.replace("phase: p", "phase: q")));
    }

    @Test void foldedCTextRefused() {
        assertEquals("r.yaml:8:11: error: C text of struct page is a folded block (>), which joins lines and breaks #if lines;"
                + " use a literal block (|)", error(MIN.replace("page: \"struct page { int a; int b; };\"",
                "page: >\n      struct page { int a; int b; };")));
    }

    // -------------------------------------------------------------- anchors, aliases, tags, merge

    @Test void anchorRefused() {
        assertEquals("r.yaml:13:12: error: anchors (&t) are not allowed in a roadmap", error(MIN.replace("title: A", "title: &t A")));
    }

    @Test void aliasRefused() {
        assertEquals("r.yaml:17:11: error: aliases (*t) are not allowed in a roadmap",
                error(MIN + "    note: *t\n"));
    }

    @Test void tagRefused() {
        assertEquals("r.yaml:13:12: error: tags (!!str) are not allowed in a roadmap", error(MIN.replace("title: A", "title: !!str A")));
    }

    @Test void mergeKeyRefused() {
        assertEquals("r.yaml:17:5: error: merge keys (<<) are not allowed in a roadmap", error(MIN + "    <<: {note: x}\n"));
    }

    @Test void aliasBombIsRefusedAtTheFirstAnchor() {
        StringBuilder b = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 30; i++) b.append("a").append(i).append(": &a").append(i).append(" [*a, *a, *a, *a, *a, *a, *a, *a]\n");
        assertEquals("r.yaml:1:4: error: anchors (&a) are not allowed in a roadmap", error(b.toString()));
    }

    @Test void deepNestingIsBounded() {
        String deep = "name: " + "[".repeat(100_000) + "]".repeat(100_000) + "\n";
        String m = error(deep);
        assertTrue(m.startsWith("r.yaml:1:"), m);
        assertTrue(m.contains("nesting") || m.contains("depth"), m);
    }

    @Test void deepBlockNestingIsBounded() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 200; i++) b.append("  ".repeat(i)).append("k").append(i).append(":\n");
        String m = error(b.toString());
        assertTrue(m.startsWith("r.yaml:"), m);
        assertTrue(m.contains("nesting") || m.contains("depth"), m);
    }

    // -------------------------------------------------------------------- files and encodings

    @Test void emptyFile() {
        assertEquals("r.yaml:1:1: error: empty roadmap (no YAML document in it)", error(""));
    }

    @Test void onlyComments() {
        assertEquals("r.yaml:1:1: error: empty roadmap (no YAML document in it)", error("# nothing\n\n# here\n"));
    }

    @Test void notUtf8AtTheBadByte() {
        byte[] bytes = "name: T\nphases: x\u00e9y\n".getBytes(StandardCharsets.ISO_8859_1);
        InputException e = assertThrows(InputException.class, () -> RoadmapLoader.parse("r.yaml", bytes));
        assertEquals("r.yaml:2:10: error: not UTF-8: byte 0xe9 at offset 17", e.getMessage());
    }

    @Test void notUtf8AfterMultibyteCharacters() {
        byte[] ok = "name: é€\n".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[ok.length + 2];
        System.arraycopy(ok, 0, bytes, 0, ok.length);
        bytes[ok.length] = 'x';
        bytes[ok.length + 1] = (byte) 0xff;
        InputException e = assertThrows(InputException.class, () -> RoadmapLoader.parse("r.yaml", bytes));
        assertEquals("r.yaml:2:2: error: not UTF-8: byte 0xff at offset " + (ok.length + 1), e.getMessage());
    }

    @Test void tooLargeIsCheckedBeforeParsing(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.yaml");
        byte[] junk = new byte[(int) RoadmapLoader.MAX_BYTES + 1];
        java.util.Arrays.fill(junk, (byte) 0xff); // not YAML, not UTF-8: only the size check can answer
        Files.write(big, junk);
        InputException e = assertThrows(InputException.class, () -> RoadmapLoader.load(big));
        assertEquals(big + ": error: file is 4194305 bytes, larger than the limit of 4194304 bytes (4 MiB) for a roadmap",
                e.getMessage());
    }

    @Test void directoryMissingAndUnreadable(@TempDir Path dir) throws IOException {
        assertEquals(dir + ": error: is a directory, not a roadmap file",
                assertThrows(InputException.class, () -> RoadmapLoader.load(dir)).getMessage());
        Path missing = dir.resolve("nope.yaml");
        assertEquals(missing + ": error: no such file",
                assertThrows(InputException.class, () -> RoadmapLoader.load(missing)).getMessage());
    }

    @Test void loadUsesThePathAsGiven(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("road.yaml");
        Files.writeString(f, MIN.replace("title: A", "tilte: A"));
        assertEquals(f + ":13:5: error: unknown key 'tilte' in step (did you mean 'title'?)",
                assertThrows(InputException.class, () -> RoadmapLoader.load(f)).getMessage());
    }

    @Test void crlfLineEndingsKeepPositions() {
        assertEquals("r.yaml:17:5: error: unknown key 'tilte' in step (did you mean 'title'?)",
                error((MIN + "    tilte: x\n").replace("\n", "\r\n")));
    }

    @Test void byteOrderMarkIsAccepted() {
        Roadmap r = RoadmapLoader.parse("r.yaml", ("\uFEFF" + MIN).getBytes(StandardCharsets.UTF_8));
        assertEquals(1, r.steps().size());
    }
}
