package memdesc.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Breakdowns per file, directory and MAINTAINERS section against {@code git grep -c} per file, on a
 * repository whose MAINTAINERS (our own, in the kernel's format) has overlapping F: patterns, X:
 * exclusions, a directory named without its slash, N: and K: patterns, and changes between refs.
 */
class ProgressBreakdownTest {
    @TempDir static Path tmp;
    static Path repo;

    static final List<String> REGEXES = List.of("page->mapping\\b", "page->index\\b", "\\bPage[A-Z][a-z]+\\(");
    static final List<Probe> PROBES = List.of(new Probe("mapping", REGEXES.get(0), false),
            new Probe("index", REGEXES.get(1), false), new Probe("PageFlag", REGEXES.get(2), false));

    static final String MAINTAINERS_V1 = """
            List of maintainers (a header, as in the kernel's file)
            ------------------------------------------------------

            Descriptions of section entries:
            \tF: *Files* and directories wildcard patterns.
            \tX: excluded.

            Maintainers List
            ----------------

            DAMON
            M:\tSome One <one@example.org>
            S:\tMaintained
            F:\tmm/damon

            MEMORY MANAGEMENT
            M:\tAnother <two@example.org>
            S:\tMaintained
            F:\tinclude/linux/mm*.h
            F:\tmm/
            X:\tmm/damon/

            # a comment line does not end a section
            MM TOP LEVEL C FILES
            M:\tThird <three@example.org>

            F:\tmm/*.c
            X:\tmm/huge*

            PAGE FLAGS
            M:\tFourth <four@example.org>
            N:\tpage[-_]flags
            K:\\bPageSlab\\b

            X86 MM
            F:\tarch/x86/mm/
            F:\tarch/*/mm/fault.c

            THE REST
            M:\tLinus <l@example.org>
            F:\t*
            F:\t*/
            """;

    @BeforeAll static void build() throws Exception {
        repo = tmp.resolve("linux");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            write("MAINTAINERS", MAINTAINERS_V1);
            write("mm/filemap.c", "a = page->mapping;\nb = page->index;\n/* page->mapping in a comment */\nif (PageLocked(p))\n");
            write("mm/huge_memory.c", "a = page->mapping;\nb = page->mapping;\n");
            write("mm/damon/core.c", "x = page->index;\ny = page->index; // page->index\n");
            write("mm/internal.h", "#define M(p) (p)->mapping\nstatic inline int f(struct page *page) { return page->index; }\n");
            write("include/linux/mm_types.h", "struct page { void *mapping; }; /* page->mapping */\n");
            write("include/linux/mmzone.h", "int x = PageSlab(page);\n");
            write("include/linux/page-flags.h", "#define PageFoo(p) test(p)\nint PageSlab(struct page *page);\n");
            write("arch/x86/mm/fault.c", "if (page->mapping)\n");
            write("arch/arm/mm/fault.c", "if (page->mapping && page->index)\n");
            write("arch/arm/mm/init.c", "page->index = 0;\n");
            write("fs/ext4/inode.c", "a = page->mapping; b = page->index;\nc = page->mapping;\n");
            write("fs/ext4/readme.txt", "page->mapping\n");
            write("init.c", "page->index;\n");
            commit(git, "v1", 1);
            git.tag().setName("v1").call();
            // v2: mm/damon leaves MEMORY MANAGEMENT's exclusion and gets a slash; a file moves out of DAMON
            write("MAINTAINERS", MAINTAINERS_V1.replace("F:\tmm/damon\n", "F:\tmm/damon/\nX:\tmm/damon/sysfs.c\n")
                    .replace("X:\tmm/damon/\n", ""));
            write("mm/damon/sysfs.c", "page->mapping;\n");
            write("mm/filemap.c", "a = folio->mapping;\nb = page->index;\n");
            commit(git, "v2", 2);
            git.tag().setName("v2").call();
        }
    }

    static Scan scan(boolean keywords) {
        return Progress.scan(repo, List.of("v1", "v2"), PROBES,
                Scan.Options.defaults().withThreads(2).withSections(true).withKeywords(keywords));
    }

    /** git grep -c per file: path -> count. */
    static Map<String, Long> gitPerFile(String ref, String regex) {
        GitCli.Result r = GitCli.run(repo, "grep", "-c", "-E", "-e", regex, ref, "--", "*.c", "*.h");
        Map<String, Long> out = new HashMap<>();
        if (r.exit() == 1) return out;
        for (String line : r.out().split("\n")) {
            if (line.isEmpty()) continue;
            String rest = line.substring(ref.length() + 1);
            int colon = rest.lastIndexOf(':');
            out.put(rest.substring(0, colon), Long.parseLong(rest.substring(colon + 1)));
        }
        return out;
    }

    @Test void perFileCountsEqualGitGrepAndSumToTheTotals() {
        Scan s = scan(false);
        for (String ref : List.of("v1", "v2")) {
            for (int k = 0; k < PROBES.size(); k++) {
                Map<String, Long> ours = new HashMap<>();
                long sum = 0;
                for (Scan.FileCount f : s.files().get(ref)) {
                    if (f.count(k) != 0) ours.put(f.path(), f.count(k));
                    sum += f.count(k);
                }
                assertEquals(gitPerFile(ref, REGEXES.get(k)), ours, ref + " " + PROBES.get(k).name());
                assertEquals(s.all().counts().get(ref).get(PROBES.get(k).name()), sum);
            }
        }
        assertTrue(s.all().counts().get("v1").get("mapping") >= 8, s.all().counts().toString());
    }

    @Test void directoriesSumToTheTotals() {
        Scan s = scan(false);
        for (int depth : new int[] {1, 2, 3}) {
            Breakdown b = Progress.breakdown(s, Breakdown.By.DIR, depth);
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < PROBES.size(); k++) {
                    long sum = 0;
                    for (Breakdown.Row row : b.rows()) sum += row.count(r, k);
                    assertEquals(s.all().counts().get(b.refs().get(r)).get(PROBES.get(k).name()), sum, "depth " + depth);
                }
            }
        }
        Breakdown d2 = Progress.breakdown(s, Breakdown.By.DIR, 2);
        assertEquals(List.of("(top)", "arch/arm/", "arch/x86/", "fs/ext4/", "include/linux/", "mm/", "mm/damon/"),
                d2.rows().stream().map(Breakdown.Row::key).toList());
    }

    static Map<String, List<String>> sections(Scan s, String ref) {
        Map<String, List<String>> m = new HashMap<>();
        for (Scan.FileCount f : s.files().get(ref)) m.put(f.path(), f.sections());
        return m;
    }

    /** The kernel's rules, each case worked out by hand from get_maintainer.pl's documented behaviour. */
    @Test void sectionsFollowGetMaintainersRules() {
        Map<String, List<String>> v1 = sections(scan(false), "v1");
        // F: mm/ and F: mm/*.c overlap; X: mm/huge* takes huge_memory.c out of the second only
        assertEquals(List.of("MEMORY MANAGEMENT", "MM TOP LEVEL C FILES", "THE REST"), v1.get("mm/filemap.c"));
        assertEquals(List.of("MEMORY MANAGEMENT", "THE REST"), v1.get("mm/huge_memory.c"));
        // mm/*.c without a trailing slash: same depth only; .h is not .c
        assertEquals(List.of("MEMORY MANAGEMENT", "THE REST"), v1.get("mm/internal.h"));
        // F: mm/damon (a directory of the tree, no slash) means mm/damon/; X: mm/damon/ excludes it from MM
        assertEquals(List.of("DAMON", "THE REST"), v1.get("mm/damon/core.c"));
        // include/linux/mm*.h: '*' crosses nothing here but the name; N: page[-_]flags names the path
        assertEquals(List.of("MEMORY MANAGEMENT", "THE REST"), v1.get("include/linux/mm_types.h"));
        assertEquals(List.of("PAGE FLAGS", "THE REST"), v1.get("include/linux/page-flags.h"));
        // arch/*/mm/fault.c: '*' is one component because the slash counts must agree
        assertEquals(List.of("X86 MM", "THE REST"), v1.get("arch/x86/mm/fault.c"));
        assertEquals(List.of("X86 MM", "THE REST"), v1.get("arch/arm/mm/fault.c"));
        assertEquals(List.of("THE REST"), v1.get("arch/arm/mm/init.c"));
        assertEquals(List.of("THE REST"), v1.get("init.c"));
        // K: is a content pattern, used only when asked (as get_maintainer.pl --keywords-in-file)
        assertEquals(List.of("MEMORY MANAGEMENT", "THE REST"), v1.get("include/linux/mmzone.h"));
        assertEquals(List.of("MEMORY MANAGEMENT", "PAGE FLAGS", "THE REST"), sections(scan(true), "v1").get("include/linux/mmzone.h"));
        // each ref's own MAINTAINERS: at v2 DAMON excludes sysfs.c, which MM now takes
        Map<String, List<String>> v2 = sections(scan(false), "v2");
        assertEquals(List.of("DAMON", "MEMORY MANAGEMENT", "THE REST"), v2.get("mm/damon/core.c"));
        assertEquals(List.of("MEMORY MANAGEMENT", "THE REST"), v2.get("mm/damon/sysfs.c"));
    }

    /** Each section's row is the sum of its files' rows, and THE REST (F: *) holds the total. */
    @Test void sectionsAreTheSumsOfTheirFiles() {
        Scan s = scan(false);
        Breakdown b = Progress.breakdown(s, Breakdown.By.SUBSYSTEM, 0);
        for (Breakdown.Row row : b.rows()) {
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < PROBES.size(); k++) {
                    long sum = 0;
                    for (Scan.FileCount f : s.files().get(b.refs().get(r))) if (f.sections().contains(row.key())) sum += f.count(k);
                    assertEquals(sum, row.count(r, k), row.key());
                }
            }
        }
        Breakdown.Row rest = b.rows().stream().filter(r -> r.key().equals("THE REST")).findFirst().orElseThrow();
        for (int k = 0; k < PROBES.size(); k++) assertEquals(s.all().counts().get("v1").get(PROBES.get(k).name()), rest.count(0, k));
        Breakdown.Row mm = b.rows().stream().filter(r -> r.key().equals("MEMORY MANAGEMENT")).findFirst().orElseThrow();
        // mapping in MM at v1: filemap.c 2 (one in a comment), huge_memory.c 2, mm_types.h 1
        assertEquals(5, mm.count(0, 0));
        String text = Progress.render(s, List.of(b), 3, Progress.Format.TEXT, false);
        assertTrue(text.contains("mapping by section, top 3 at v2:"), text);
        assertTrue(text.lines().anyMatch(l -> l.matches("MEMORY MANAGEMENT\\s+5\\s+4\\s+-1")), text);
    }

    @Test void codeOnlyIgnoresComments() {
        Scan s = Progress.scan(repo, List.of("v1"), PROBES, Scan.Options.defaults().withThreads(1).withCodeOnly(true));
        long all = s.all().counts().get("v1").get("mapping");
        long code = s.code().counts().get("v1").get("mapping");
        // two lines match only inside a comment (filemap.c, mm_types.h)
        assertEquals(all - 2, code);
        // damon's "y = page->index; // page->index" still matches in its code
        assertEquals(s.all().counts().get("v1").get("index"), s.code().counts().get("v1").get("index"));
        assertEquals(code, s.selected().counts().get("v1").get("mapping"));
    }

    @Test void listPrintsWhatGitGrepNPrints() {
        Scan s = scan(false);
        for (int k = 0; k < PROBES.size(); k++) {
            List<String> ours = new ArrayList<>();
            Progress.list(repo, s, PROBES.get(k).name(), List.of(), ours::add);
            List<String> git = new ArrayList<>();
            for (String ref : List.of("v1", "v2")) {
                GitCli.Result r = GitCli.run(repo, "grep", "-n", "-E", "-e", REGEXES.get(k), ref, "--", "*.c", "*.h");
                r.out().lines().forEach(git::add);
            }
            assertEquals(git, ours, PROBES.get(k).name());
        }
        List<String> every = new ArrayList<>();
        Progress.list(repo, s, null, List.of(), every::add);
        assertTrue(every.contains("v1:arch/arm/mm/fault.c:1:if (page->mapping && page->index)"), every.toString());
        assertEquals(every.size(), every.stream().distinct().count(), "a line matching two probes is listed once");
        assertThrows(memdesc.steps.InputException.class, () -> Progress.list(repo, s, "nope", List.of(), x -> { }));
    }

    static void write(String path, String text) throws Exception {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    static void commit(Git git, String message, int day) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Ada Example", "ada@example.org", Instant.parse("2024-03-0" + day + "T10:00:00Z"), ZoneOffset.UTC);
        git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    }
}
