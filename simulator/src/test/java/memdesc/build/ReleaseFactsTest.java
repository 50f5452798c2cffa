package memdesc.build;

import memdesc.steps.InputException;
import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import memdesc.steps.State;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code baseline: kernel: v6.12}: the shipped roadmap's baseline is v6.12 by its facts; edited copies
 * whose baseline text moves a member fail at the baseline, at the member's line, naming its offset and
 * the release's; a roadmap without the key is not checked (old roadmaps load as before).
 */
class ReleaseFactsTest {
    private static List<Diagnostic> baseline(Roadmap r) {
        return BuildCheck.check(r, r.baseline()).diagnostics();
    }

    /** The 1-based line of the first occurrence of {@code s} in the shipped roadmap, after {@code after}. */
    private static int lineOf(String s, String after) {
        String t = ClaimsTest.text();
        int at = t.indexOf(s, t.indexOf(after));
        return (int) t.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }

    @Test void theShippedBaselineIsV612() {
        Roadmap r = RepoRoadmap.load();
        assertEquals("v6.12", r.baseline().claims().release().name());
        assertEquals(List.of(), baseline(r));
        // the claim follows every state (it is the roadmap's), but only the baseline is held to it
        assertEquals(r.baseline().claims(), r.states().get(r.steps().size()).claims());
    }

    @Test void twoSwappedMembersFailAtTheMember() {
        Roadmap r = ClaimsTest.edited(
            "                  struct address_space *mapping;  /* low bits tag anon / movable */\n"
                + "                  union {\n                      pgoff_t index;\n                      unsigned long share;    /* fsdax sharing count */\n"
                + "                  };\n                  unsigned long private;",
            "                  unsigned long private;\n                  union {\n                      pgoff_t index;\n                      unsigned long share;\n"
                + "                  };\n                  struct address_space *mapping;");
        List<Diagnostic> d = baseline(r);
        String all = d.toString();
        assertTrue(all.contains("struct page member mapping is at offset 40 (8 bytes), but kernel v6.12 has it at offset 24 (8 bytes)"), all);
        assertTrue(all.contains("struct page member private is at offset 24 (8 bytes), but kernel v6.12 has it at offset 40 (8 bytes)"), all);
        Diagnostic mapping = d.stream().filter(x -> x.message().contains("member mapping ")).findFirst().orElseThrow();
        // the member's own line in the edited text (two below the share line, which did not move), at its name
        assertEquals(lineOf("unsigned long share;", "struct page {") + 2, mapping.loc().line(), mapping.toString());
        assertEquals(41, mapping.loc().column(), mapping.toString());
        assertTrue(mapping.toString().startsWith("roadmap.yaml:") && mapping.toString().contains(": error: "), mapping.toString());
        assertTrue(mapping.message().endsWith("(the baseline claims kernel v6.12 at " + lineOf("kernel: v6.12", "baseline:") + ":11)"),
            mapping.message());
    }

    @Test void twoMembersInOneUnionFail() {
        Roadmap r = ClaimsTest.edited(
            "          atomic_t _refcount;\n      #ifdef CONFIG_MEMCG\n          unsigned long memcg_data;\n      #elif",
            "          union {\n          atomic_t _refcount;\n          unsigned long memcg_data;\n          };\n      #ifdef CONFIG_MEMCG\n      #elif");
        String all = baseline(r).toString();
        assertTrue(all.contains("struct page member _refcount.counter is at offset 56 (4 bytes), but kernel v6.12 has it at offset 52 (4 bytes)"), all);
    }

    @Test void aResizedMemberFailsAndTheRestAreCounted() {
        Roadmap r = ClaimsTest.edited("          unsigned long flags;                /* PG_* bits",
            "          unsigned long flags[2];             /* PG_* bits");
        List<Diagnostic> d = baseline(r);
        String all = d.toString();
        assertTrue(all.contains("struct page is 80 bytes, aligned to 16, but kernel v6.12's is 64 bytes, aligned to 16"), all);
        assertTrue(all.contains("struct page member flags is at offset 0 (16 bytes), but kernel v6.12 has it at offset 0 (8 bytes)"), all);
        assertTrue(d.get(d.size() - 1).message().matches("\\d+ more differences from kernel v6.12's facts .*"), all);
    }

    @Test void aMemberTheReleaseLacksIsNamed() {
        Roadmap r = ClaimsTest.edited("          atomic_t _refcount;\n      #ifdef CONFIG_MEMCG",
            "          atomic_t _refcount;\n          unsigned long extra;\n      #ifdef CONFIG_MEMCG");
        String all = baseline(r).toString();
        assertTrue(all.contains("struct page member extra (at offset 56 (8 bytes)) is not in kernel v6.12's struct page"), all);
    }

    @Test void theFactsHoldForTheFactsConfigWhateverTheRoadmapsConfig() {
        // the roadmap's own config may differ (KMSAN on): the text is still laid out under v6.12's default
        Roadmap r = ClaimsTest.edited("    CONFIG_MEMCG: \"1\"\n", "    CONFIG_MEMCG: \"1\"\n    CONFIG_KMSAN: \"1\"\n");
        List<Diagnostic> d = baseline(r);
        assertTrue(d.stream().noneMatch(x -> x.message().contains("kernel v6.12")), d.toString());
        // and the roadmap's own layout did change (page is 80 bytes with the KMSAN pair): its own errors say so
        assertTrue(d.stream().anyMatch(x -> x.message().contains("kmsan_shadow")), d.toString());
    }

    @Test void aReleaseWithoutFactsFailsAtTheClaim() {
        Roadmap r = ClaimsTest.edited("  kernel: v6.12 ", "  kernel: v6.6  ");
        List<Diagnostic> d = baseline(r);
        assertEquals(1, d.size(), d.toString());
        assertTrue(d.get(0).toString().contains(":" + lineOf("kernel: v6.12", "baseline:") + ":11: error: no facts of kernel v6.6 are carried (only v6.12)"),
            d.toString());
        // not a load error: a tree can check it (--kernel)
        assertEquals("v6.6", r.baseline().claims().release().name());
    }

    @Test void theClaimMustBeARelease() {
        InputException e = assertThrows(InputException.class, () -> ClaimsTest.edited("  kernel: v6.12 ", "  kernel: 6.12  "));
        assertTrue(e.getMessage().contains("error: baseline kernel must be a release tag such as v6.12 or v6.18.2, not '6.12'"), e.getMessage());
    }

    @Test void aRoadmapWithoutTheKeyLoadsUnchecked() {
        String t = ClaimsTest.text().replaceFirst("  kernel: v6.12 [^\n]*\n", "")
            .replace("          unsigned long flags;                /* PG_* bits", "          unsigned int flags;                 /* PG_* bits");
        Roadmap r = RoadmapLoader.parse("old.yaml", t.getBytes(StandardCharsets.UTF_8));
        assertNull(r.baseline().claims().release());
        assertTrue(baseline(r).stream().noneMatch(x -> x.message().contains("kernel v6.12")), baseline(r).toString());
        State s = r.baseline();
        assertEquals(0, s.index());
    }

    @Test void theFactsParse() {
        ReleaseFacts.Facts f = ReleaseFacts.parse("t", "release v9.9\nconfig CONFIG_X=1\nstruct a 8 4\nx 0 4\ny 4 4 3:5\n");
        assertEquals("8 4\nx 0 4\ny 4 4 3:5\n", f.structs().get("a").table());
        assertEquals(java.util.Map.of("CONFIG_X", "1"), f.config());
        assertThrows(IllegalStateException.class, () -> ReleaseFacts.parse("t", "release v1.0\nstruct a 8 4\nbogus\n"));
    }
}
