package memdesc.cost;

import memdesc.steps.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** User mix files: read from real files, errors name file:line:column. */
class MixFileTest {
    @TempDir Path dir;

    private Path write(String yaml) throws Exception {
        Path p = dir.resolve("mix.yaml");
        Files.writeString(p, yaml);
        return p;
    }

    private String error(String yaml) throws Exception {
        Path p = write(yaml);
        InputException e = assertThrows(InputException.class, () -> MemoryCost.mix(p.toString()));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage().replace(p.toString(), "mix.yaml");
    }

    @Test void readsAValidMix() throws Exception {
        Path p = write("""
                name: my-box
                fractions:
                  - {kind: file, order: 0, fraction: 0.3}
                  - {kind: anon, order: 9, fraction: 0.5}
                  - kind: buddy
                    order: 10
                    fraction: 0.2
                """);
        Mix m = MemoryCost.mix(p.toString());
        assertEquals("my-box", m.name());
        assertEquals(3, m.fractions().size());
        assertEquals(new Mix.Fraction(AllocKind.ANON, 9, 0.5), m.fractions().get(1));
        Population pop = m.population(1L << 30);
        assertEquals(262144, pop.frames());
        assertEquals(Math.round(0.5 * 262144 / 512), pop.slices().get(1).allocations());
    }

    /** Expected positions are found in the text itself: line and 1-based column of a token. */
    private static String at(String yaml, int line, String token) {
        return "mix.yaml:" + line + ":" + (yaml.lines().toList().get(line - 1).indexOf(token) + 1) + ": error: ";
    }

    @Test void unknownKindNamesItsPosition() throws Exception {
        String yaml = "name: x\nfractions:\n  - {kind: files, order: 0, fraction: 1}\n";
        assertEquals(at(yaml, 3, "files") + "unknown kind 'files' (expected one of file, anon, slab, pagetable, zsmalloc, pagepool, buddy, kernel)",
                error(yaml));
    }

    @Test void unknownKeys() throws Exception {
        assertEquals("mix.yaml:2:1: error: unknown key 'fraction' (expected name, source, fractions)",
                error("name: x\nfraction: []\n"));
        String yaml = "name: x\nfractions:\n  - {kind: file, order: 0, weight: 1}\n";
        assertEquals(at(yaml, 3, "weight") + "unknown key 'weight' (expected kind, order, fraction)", error(yaml));
    }

    @Test void fractionsMustSumToOne() throws Exception {
        assertEquals("mix.yaml:2:1: error: fractions sum to 0.9, not 1 (tolerance 1e-6)",
                error("name: x\nfractions:\n  - {kind: file, order: 0, fraction: 0.6}\n  - {kind: anon, order: 0, fraction: 0.3}\n"));
        // within the tolerance is fine
        Path p = write("name: x\nfractions:\n  - {kind: file, order: 0, fraction: 0.3333333}\n  - {kind: anon, order: 0, fraction: 0.6666667}\n");
        assertEquals(2, MemoryCost.mix(p.toString()).fractions().size());
    }

    @Test void negativeAndOtherBadValues() throws Exception {
        String neg = "name: x\nfractions:\n  - {kind: file, order: 0, fraction: 0.6}\n  - {kind: anon, order: 0, fraction: -0.1}\n";
        assertEquals(at(neg, 4, "-0.1") + "fraction -0.1 is negative", error(neg));
        String big = "name: x\nfractions:\n  - {kind: file, order: 19, fraction: 1}\n";
        assertEquals(at(big, 3, "19") + "order 19 is outside 0..18", error(big));
        String half = "name: x\nfractions:\n  - {kind: file, order: 1.5, fraction: 1}\n";
        assertEquals(at(half, 3, "1.5") + "'order' must be an integer", error(half));
        assertEquals("mix.yaml:3:5: error: missing key 'fraction'", error("name: x\nfractions:\n  - {kind: file, order: 0}\n"));
        assertEquals("mix.yaml:1:1: error: missing key 'fractions'", error("name: x\n"));
        assertEquals("mix.yaml:4:5: error: kind file order 0 is listed twice",
                error("name: x\nfractions:\n  - {kind: file, order: 0, fraction: 0.5}\n  - {kind: file, order: 0, fraction: 0.5}\n"));
        assertTrue(error("").startsWith("mix.yaml:1:1: error: empty mix file"));
        assertTrue(error("name: [unclosed\n").startsWith("mix.yaml:"));
    }

    @Test void unknownMixNameThatIsNoFile() {
        InputException e = assertThrows(InputException.class, () -> MemoryCost.mix("no-such-mix"));
        assertTrue(e.getMessage().contains("idle, file-server, anon-heavy, thp, slab-heavy"), e.getMessage());
        assertThrows(InputException.class, () -> MemoryCost.mix(dir.toString()), "a directory");
    }
}
