package memdesc.git;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.MergeResult;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --attribute against {@code git log -G<regex> --format=%H A..B -- '*.c' '*.h'}. */
class ProgressAttributeTest {
    @TempDir static Path tmp;
    static Path repo;
    static String balanced;   // edits a matching line: -G lists it, the count does not move
    static String merge;

    static final List<String> REGEXES = List.of("page->mapping", "\\bindex\\b", "folio_[a-z]+\\(");
    static final List<Probe> PROBES = List.of(new Probe("mapping", REGEXES.get(0), false),
            new Probe("index", REGEXES.get(1), false), new Probe("folio calls", REGEXES.get(2), false));

    @BeforeAll static void build() throws Exception {
        repo = tmp.resolve("hist");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            int[] day = {1};
            write("README", "nothing\n");
            commit(git, "initial", day);
            git.tag().setName("base").call();
            write("mm/a.c", "x = page->mapping;\ny = page->index;\nz = index;\n");
            commit(git, "mm: add a.c", day);
            write("mm/a.c", "x = page->mapping;\ny = page->mapping + page->index;\nz = index;\n");
            commit(git, "mm: more mapping", day);
            write("mm/a.c", "x = page->mapping;\ny = page->mapping + page->index;\nz = index + 1;\n");
            balanced = commit(git, "mm: edit an index line", day).name();
            write("Documentation/a.txt", "page->mapping index folio_lock(\n");
            commit(git, "doc: excluded by the globs", day);
            write("mm/b.c", "int unrelated;\n");
            commit(git, "mm: unrelated", day);
            git.checkout().setCreateBranch(true).setName("side").call();
            write("include/linux/f.h", "void folio_lock(struct folio *f);\nbool folio_test_index(void);\n");
            commit(git, "side: add folio_lock", day);
            write("include/linux/f.h", "void folio_lock(struct folio *f);\n");
            commit(git, "side: drop folio_test_index", day);
            git.checkout().setName("main").call();
            write("mm/a.c", "x = folio_mapping(folio);\ny = page->mapping + page->index;\nz = index + 1;\n");
            commit(git, "mm: use folio_mapping", day);
            MergeResult m = git.merge().include(git.getRepository().resolve("side")).setCommit(true)
                    .setMessage("Merge side").call();
            assertTrue(m.getMergeStatus().isSuccessful(), m.toString());
            merge = m.getNewHead().name();
            Files.delete(repo.resolve("mm/a.c"));
            commit(git, "mm: remove a.c", day);
            git.tag().setName("tip").call();
        }
    }

    private static void write(String path, String text) throws Exception {
        KernelFixture.write(repo, path, text);
    }

    private static RevCommit commit(Git git, String msg, int[] day) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Ada Example", "ada@example.org",
                Instant.parse("2024-03-01T10:00:00Z").plusSeconds(86400L * day[0]++), ZoneOffset.ofHours(2));
        return git.commit().setMessage(msg).setAuthor(who).setCommitter(who).setSign(false).call();
    }

    private static Set<String> gitLogG(String regex, String range) {
        String out = GitCli.ok(repo, "log", "-G" + regex, "--format=%H", range, "--", "*.c", "*.h");
        return Arrays.stream(out.split("\n")).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    @Test void nonZeroDeltasAreGitLogGMinusBalancedEdits() {
        List<Attribution> ours = Progress.attribute(repo, "base..tip", PROBES, List.of());
        for (int k = 0; k < PROBES.size(); k++) {
            String name = PROBES.get(k).name();
            Set<String> moved = ours.stream().filter(a -> a.deltas().get(name) != 0).map(Attribution::commit).collect(Collectors.toSet());
            Set<String> git = gitLogG(REGEXES.get(k), "base..tip");
            assertFalse(git.isEmpty(), name);
            assertFalse(git.contains(merge), "git log -G shows no merges");
            // -G also lists commits that edit matching lines without changing their number (documented);
            // git grep -c on the commit and its parent tells which those are
            Set<String> expected = new HashSet<>();
            for (String c : git) {
                if (GitCli.grepCount(repo, "-E", REGEXES.get(k), c, Progress.DEFAULT_INCLUDES)
                        != GitCli.grepCount(repo, "-E", REGEXES.get(k), c + "^", Progress.DEFAULT_INCLUDES)) expected.add(c);
            }
            if (k == 1) {
                assertTrue(git.contains(balanced) && !expected.contains(balanced), "the index edit is such a commit");
            }
            assertEquals(expected, moved, name);
        }
    }

    /** Each delta equals the difference of git grep -c between the commit and its parent. */
    @Test void deltasEqualGitGrepDifferences() {
        List<Attribution> ours = Progress.attribute(repo, "base..tip", PROBES, List.of());
        assertTrue(ours.size() >= 5, ours.toString());
        for (Attribution a : ours) {
            for (int k = 0; k < PROBES.size(); k++) {
                long after = GitCli.grepCount(repo, "-E", REGEXES.get(k), a.commit(), Progress.DEFAULT_INCLUDES);
                long before = GitCli.grepCount(repo, "-E", REGEXES.get(k), a.commit() + "^", Progress.DEFAULT_INCLUDES);
                assertEquals(after - before, a.deltas().get(PROBES.get(k).name()), a.subject() + " " + REGEXES.get(k));
            }
            String[] meta = GitCli.ok(repo, "log", "-1", "--format=%an%x09%aI%x09%s", a.commit()).trim().split("\t");
            assertEquals(List.of(meta), List.of(a.author(), a.date(), a.subject()));
        }
        // newest first, like git log
        List<String> order = Arrays.stream(GitCli.ok(repo, "log", "--format=%H", "base..tip").split("\n")).toList();
        List<String> ourOrder = ours.stream().map(Attribution::commit).toList();
        assertEquals(order.stream().filter(ourOrder::contains).toList(), ourOrder);
    }

    @Test void renderings() {
        List<Attribution> ours = Progress.attribute(repo, "base..tip", PROBES, List.of());
        String tsv = Progress.render(repo.toString(), "base..tip", PROBES, ours, Progress.Format.TSV);
        String[] lines = tsv.split("\n");
        assertEquals("commit\tauthor\tdate\tsubject\tmapping\tindex\tfolio calls", lines[0]);
        assertEquals(ours.size() + 1, lines.length);
        for (String l : lines) assertEquals(7, l.split("\t", -1).length, l);
        String text = Progress.render(repo.toString(), "base..tip", PROBES, ours, Progress.Format.TEXT);
        assertTrue(text.contains(ours.get(0).commit().substring(0, 12)), text);
        String json = Progress.render(repo.toString(), "base..tip", PROBES, ours, Progress.Format.JSON);
        assertTrue(json.contains("\"range\" : \"base..tip\""), json);
    }
}
