package memdesc.git;

import memdesc.steps.InputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-ref, per-probe counts against the real {@code git grep -c} on a repository built with JGit. */
class ProgressCountTest {
    @TempDir static Path tmp;
    static Path repo;

    static final List<String> REFS = List.of("v1", "v2", "main", "next", "HEAD~1", "v2^{tree}");

    /** ERE probes with metacharacters, anchors, classes, GNU escapes, stacked repetitions. */
    static final List<String> REGEXES = List.of(
            "page->mapping", "page->(mapping|index)", "\\bpage\\b", "[[:space:]]page", "a.b", "\\(",
            "(page|folio)->(mapping|index)\\b", "\\<folio\\>", "\\Bage", "\\w+->\\w+", "[[:upper:]][[:lower:]]+\\(",
            "^$", "^[[:space:]]*$", "x*", ";$", "\\s+$", "[.]", "[]x]", "[^]a-z]", "a{2,}", "(ab){1,2}c?",
            "a+?b", "a**", "J.rg", "\\\\", "page[-]>", "[[:punct:]]{3}", "\\*page", "^#include <linux/[a-z_]+\\.h>$",
            "\\{", "a{,1}b", "x)", "\\n", "[\\n]", "[[=a=]]{2}", "[[.-.]]>", "\\Sp", "\\W\\w", "page$", "^page",
            "[[:alpha:]_][[:alnum:]_]*\\(", "[[:xdigit:]]{4}", "[[:cntrl:]]", "[[:blank:]]{2}", "[[:graph:]][[:print:]]",
            "b.$", "\\r", "", "a|", "(|x)y", "\\bindex\\b|\\bmapping\\b", "\\.", ".", "^.$", "^[^a]$", "^\\W$", "^\\S$", "^[[:cntrl:]]$", "[^[:alnum:][:space:]]");

    @BeforeAll static void build() throws Exception {
        repo = KernelFixture.build(tmp.resolve("linux"));
    }

    private static List<Probe> probes(List<String> regexes, boolean fixed) {
        List<Probe> out = new ArrayList<>();
        for (int i = 0; i < regexes.size(); i++) out.add(new Probe("p" + i + ":" + regexes.get(i), regexes.get(i), fixed));
        return out;
    }

    private static void assertLikeGit(ProgressResult r, List<String> regexes, String mode, List<String> globs) {
        for (String ref : r.refs()) {
            for (int i = 0; i < regexes.size(); i++) {
                Probe p = r.probes().get(i);
                long git = GitCli.grepCount(repo, mode, regexes.get(i), ref, globs);
                assertEquals(git, r.counts().get(ref).get(p.name()),
                        "ref " + ref + ", probe " + mode + " '" + regexes.get(i) + "'");
            }
        }
    }

    @Test void extendedRegexCountsEqualGitGrep() {
        ProgressResult r = Progress.count(repo, REFS, probes(REGEXES, false), List.of(), 2);
        assertLikeGit(r, REGEXES, "-E", Progress.DEFAULT_INCLUDES);
        assertTrue(r.missing().isEmpty());
        // the fixture has hits: the comparison is not between zeros
        assertTrue(r.counts().get("v1").get("p0:page->mapping") >= 5, r.counts().toString());
        assertTrue(r.counts().get("v1").get("p0:page->mapping") > r.counts().get("main").get("p0:page->mapping"));
    }

    @Test void fixedProbesEqualGitGrepF() {
        List<String> literals = List.of("page->mapping", "a.b", "\\(", "(", "[[:space:]]", "x*", "a{b", "\r", "", "folio->page", "J\u00f6rg");
        ProgressResult r = Progress.count(repo, REFS, probes(literals, true), List.of(), 2);
        assertLikeGit(r, literals, "-F", Progress.DEFAULT_INCLUDES);
    }

    @Test void includeGlobsFollowGitPathspecs() {
        List<String> regexes = List.of("page->(mapping|index)", "folio", "");
        for (List<String> globs : List.of(List.of("mm/*.c"), List.of("mm"), List.of("*.txt", "*.orig"), List.of("*"),
                List.of("mm/d?mon/*"), List.of("*/[a-f]*.[ch]"), List.of("[!m]*.c"), List.of("Makefile", "mm/Makefile"),
                List.of("include/"), List.of("*.h"))) {
            ProgressResult r = Progress.count(repo, List.of("v1", "main"), probes(regexes, false), globs, 1);
            assertLikeGit(r, regexes, "-E", globs);
        }
    }

    @Test void oneThreadAndTwoThreadsAgree() {
        List<Probe> ps = probes(REGEXES, false);
        assertEquals(Progress.count(repo, REFS, ps, List.of(), 1).counts(), Progress.count(repo, REFS, ps, List.of(), 2).counts());
    }

    /** Patterns glibc itself refuses: git grep fails, we refuse with one line naming the probe. */
    @Test void patternsGitRejectsAreRejected() {
        for (String bad : List.of("*b", "a{1", "[a", "[[:foo:]]", "[z-a]", "a{2,1}", "a\\", "(ab", "a|*b", "^*a", "[[.space.]]")) {
            GitCli.Result git = GitCli.run(repo, "grep", "-c", "-E", "-e", bad, "v1", "--", "*.c");
            assertEquals(128, git.exit(), "git accepts '" + bad + "': " + git.out());
            InputException e = assertThrows(InputException.class,
                    () -> Progress.count(repo, List.of("v1"), List.of(new Probe("bad one", bad, false)), List.of(), 1), bad);
            assertTrue(e.getMessage().startsWith("probe 'bad one': error: "), e.getMessage());
            assertTrue(!e.getMessage().contains("\n"), e.getMessage());
        }
    }

    /** What git accepts but we cannot translate faithfully is refused too, not silently miscounted. */
    @Test void untranslatableConstructsAreRejected() {
        for (String bad : List.of("(a)\\1", "\\`page", "page\\'")) {
            assertEquals(0, GitCli.run(repo, "grep", "-c", "-E", "-e", bad, "v1", "--", "*.c").exit() & ~1, bad);
            InputException e = assertThrows(InputException.class,
                    () -> Progress.count(repo, List.of("v1"), List.of(new Probe("p", bad, false)), List.of(), 1));
            assertTrue(e.getMessage().startsWith("probe 'p': error: ") && e.getMessage().contains("not supported"), e.getMessage());
        }
    }

    @Test void probeSpecSplitsAtTheFirstEqualsAndRefusesTabs() {
        Probe p = Probe.parse("a=b==c", false);
        assertEquals("a", p.name());
        assertEquals("b==c", p.regex());
        assertEquals("x", Probe.parse("x=", true).name());
        assertTrue(assertThrows(InputException.class, () -> Probe.parse("a\tb=c", false)).getMessage().contains("tab"));
        assertThrows(InputException.class, () -> Probe.parse("noequals", false));
        assertThrows(InputException.class, () -> Probe.parse("=x", false));
    }
}
