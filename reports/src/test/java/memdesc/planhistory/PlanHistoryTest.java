package memdesc.planhistory;

import memdesc.steps.InputException;
import memdesc.verify.Check;
import memdesc.verify.Verification;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A repository whose history edits the repo's roadmap: good, broken (a wrong expected size), an unrelated
 * commit, fixed, then a version that does not load. Commit sets are compared with the real git log.
 */
class PlanHistoryTest {
    @TempDir static Path tmp;
    static Path repo;
    /** c0 README only; c1 good; c2 broken size; c3 README only; c4 fixed; c5 does not load. */
    static List<RevCommit> c = new ArrayList<>();
    static final String BROKEN_FROM = "sizes: {page: 32, folio: 80}";
    static final String BROKEN_TO = "sizes: {page: 24, folio: 80}";
    static int brokenLine;

    static Check check() {
        return new Check(Verification.standard(64L << 20, 1), null, 2);
    }

    @BeforeAll
    static void history() throws Exception {
        String good = Files.readString(Path.of("..", "roadmap.yaml"), StandardCharsets.UTF_8);
        assertEquals(1, good.split(java.util.regex.Pattern.quote(BROKEN_FROM), -1).length - 1);
        brokenLine = good.substring(0, good.indexOf(BROKEN_FROM)).split("\n", -1).length;
        String broken = good.replace(BROKEN_FROM, BROKEN_TO);
        String fixed = "# shrink-32: page is 32 bytes again\n" + good;
        String unloadable = good.replaceFirst("(?m)^  - id: shrink-16$", "  - id: shrink-32");
        repo = tmp.resolve("plan");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            c.add(commit(git, 0, "README", "the plan\n", "start"));
            c.add(commit(git, 1, "roadmap.yaml", good, "roadmap: the Path as published"));
            c.add(commit(git, 2, "roadmap.yaml", broken, "roadmap: shrink-32 expects 24 bytes"));
            c.add(commit(git, 3, "README", "the plan, explained\n", "README: explain"));
            c.add(commit(git, 4, "roadmap.yaml", fixed, "roadmap: shrink-32 is 32 bytes"));
            c.add(commit(git, 5, "roadmap.yaml", unloadable, "roadmap: rename shrink-16"));
        }
    }

    private static RevCommit commit(Git git, int k, String file, String text, String subject) throws Exception {
        Files.writeString(repo.resolve(file), text, StandardCharsets.UTF_8);
        git.add().addFilepattern(file).call();
        PersonIdent who = new PersonIdent("Planner", "planner@example.org", Instant.parse("2025-01-01T00:00:00Z").plusSeconds(3600L * k), java.time.ZoneOffset.UTC);
        return git.commit().setMessage(subject + "\n\nbody line\n").setAuthor(who).setCommitter(who).call();
    }

    /** {@code git log --reverse --format=%H RANGE -- roadmap.yaml} from the real git, abbreviated to 12. */
    private static List<String> gitLog(String range) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("git", "log", "--reverse", "--format=%H", range, "--", "roadmap.yaml").directory(repo.toFile());
        pb.environment().putAll(Map.of("LC_ALL", "C", "GIT_CONFIG_NOSYSTEM", "1", "GIT_CONFIG_GLOBAL", "/dev/null"));
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "git log " + range);
        return out.lines().map(h -> h.substring(0, 12)).toList();
    }

    @Test
    void oneRowPerCommitThatChangedTheRoadmapWithItsVerdict() throws Exception {
        String range = c.get(0).name() + ".." + c.get(5).name();
        List<PlanHistory.Row> streamed = new ArrayList<>();
        List<PlanHistory.Row> rows = PlanHistory.check(repo, range, "roadmap.yaml", check(), streamed::add);
        assertEquals(rows, streamed);
        List<String> ids = rows.stream().map(PlanHistory.Row::id).toList();
        assertEquals(gitLog(range), ids, "the same commits as git log, oldest first");
        assertEquals(List.of(c.get(1), c.get(2), c.get(4), c.get(5)).stream().map(x -> x.abbreviate(12).name()).toList(), ids,
                "the README-only commit is not listed");
        assertEquals(List.of("roadmap: the Path as published", "roadmap: shrink-32 expects 24 bytes",
                "roadmap: shrink-32 is 32 bytes", "roadmap: rename shrink-16"), rows.stream().map(PlanHistory.Row::subject).toList());

        assertTrue(rows.get(0).bisectable(), rows.get(0).toString());
        assertTrue(rows.get(2).bisectable(), rows.get(2).toString());

        PlanHistory.FirstBad bad = assertInstanceOf(PlanHistory.FirstBad.class, rows.get(1).outcome());
        assertEquals("shrink-32", bad.stepId());
        assertTrue(bad.reason().contains("24"), bad.reason());
        // the location names the version checked: abbreviated id, path, the line of the wrong size
        assertTrue(bad.at().startsWith(ids.get(1) + ":roadmap.yaml:" + brokenLine + ":"), bad.at());

        PlanHistory.Unloadable u = assertInstanceOf(PlanHistory.Unloadable.class, rows.get(3).outcome());
        assertTrue(u.error().startsWith(ids.get(3) + ":roadmap.yaml:"), u.error());
        assertTrue(u.error().contains("shrink-32"), u.error());
        assertFalse(u.error().contains("\n"));

        StringWriter sw = new StringWriter();
        assertEquals(1, PlanHistory.print(rows, new PrintWriter(sw)));
        List<String> lines = sw.toString().lines().toList();
        assertEquals(5, lines.size(), sw.toString());
        for (int i = 0; i < 4; i++) assertTrue(lines.get(i).startsWith(ids.get(i) + "  " + rows.get(i).subject() + "  "), lines.get(i));
        assertTrue(lines.get(1).contains("first bad: shrink-32"), lines.get(1));
        assertTrue(lines.get(3).contains("does not load: "), lines.get(3));
        assertEquals("4 versions of the roadmap: 2 bisectable, 2 not", lines.get(4));
    }

    @Test
    void openRangesAndTheExitStatusOfAGoodStretch() throws Exception {
        // c2..c4: only the fix; "c3.." runs to HEAD; both as git log sees them
        List<PlanHistory.Row> fix = PlanHistory.check(repo, c.get(2).name() + ".." + c.get(4).name(), null, check());
        assertEquals(gitLog(c.get(2).name() + ".." + c.get(4).name()), fix.stream().map(PlanHistory.Row::id).toList());
        assertEquals(1, fix.size());
        StringWriter sw = new StringWriter();
        assertEquals(0, PlanHistory.print(fix, new PrintWriter(sw)));
        assertTrue(sw.toString().endsWith("1 version of the roadmap: 1 bisectable, 0 not\n"), sw.toString());

        List<PlanHistory.Row> toHead = PlanHistory.check(repo, c.get(3).name().substring(0, 10) + "..", "./roadmap.yaml", check());
        assertEquals(gitLog(c.get(3).name() + "..HEAD"), toHead.stream().map(PlanHistory.Row::id).toList());

        // a range in which nothing touched the roadmap: no rows, exit 0
        List<PlanHistory.Row> none = PlanHistory.check(repo, c.get(2).name() + ".." + c.get(3).name(), "roadmap.yaml", check());
        assertEquals(List.of(), none);
        assertEquals(List.of(), gitLog(c.get(2).name() + ".." + c.get(3).name()));
        sw = new StringWriter();
        assertEquals(0, PlanHistory.print(none, new PrintWriter(sw)));
        assertEquals("no commit in the range changed the roadmap\n", sw.toString());
    }

    @Test
    void badInputIsOneLine() throws IOException {
        Path plain = Files.createDirectories(tmp.resolve("plain"));
        List<String> messages = new ArrayList<>();
        messages.add(assertThrows(InputException.class, () -> PlanHistory.check(plain, "a..b", "roadmap.yaml", check())).getMessage());
        messages.add(assertThrows(InputException.class, () -> PlanHistory.check(repo, "nosuchref..main", "roadmap.yaml", check())).getMessage());
        messages.add(assertThrows(InputException.class, () -> PlanHistory.check(repo, "main..nosuchref", "roadmap.yaml", check())).getMessage());
        messages.add(assertThrows(InputException.class, () -> PlanHistory.check(repo, "main...main", "roadmap.yaml", check())).getMessage());
        messages.add(assertThrows(InputException.class, () -> PlanHistory.check(repo, "main..main..main", "roadmap.yaml", check())).getMessage());
        messages.add(assertThrows(InputException.class, () -> PlanHistory.check(repo, "main", "../roadmap.yaml", check())).getMessage());
        // a tree id is not a commit
        String tree = c.get(1).getTree().name();
        messages.add(assertThrows(InputException.class, () -> PlanHistory.check(repo, tree, "roadmap.yaml", check())).getMessage());
        assertTrue(messages.get(0).equals(plain + ": error: not a git repository"), messages.get(0));
        assertTrue(messages.get(1).contains("unknown ref 'nosuchref'"), messages.get(1));
        assertTrue(messages.get(2).contains("unknown ref 'nosuchref'"), messages.get(2));
        assertTrue(messages.get(3).contains("bad range"), messages.get(3));
        assertTrue(messages.get(4).contains("bad range"), messages.get(4));
        assertTrue(messages.get(5).contains("--path"), messages.get(5));
        assertTrue(messages.get(6).contains("unknown ref '" + tree + "'"), messages.get(6));
        for (String m : messages) assertFalse(m.contains("\n"), m);
    }

    @Test
    void aCommitThatDeletesTheRoadmapIsReportedNotThrown() throws Exception {
        Path other = tmp.resolve("deleting");
        try (Git git = Git.init().setDirectory(other.toFile()).setInitialBranch("main").call()) {
            Files.writeString(other.resolve("roadmap.yaml"), "name: [unclosed\n");
            git.add().addFilepattern("roadmap.yaml").call();
            RevCommit first = git.commit().setMessage("bad yaml").setSign(false).call();
            git.rm().addFilepattern("roadmap.yaml").call();
            git.commit().setMessage("drop the plan").setSign(false).call();
            List<PlanHistory.Row> rows = PlanHistory.check(other, "main", "roadmap.yaml", check());
            assertEquals(2, rows.size());
            assertEquals(first.abbreviate(12).name(), rows.get(0).id());
            assertTrue(((PlanHistory.Unloadable) rows.get(0).outcome()).error().startsWith(rows.get(0).id() + ":roadmap.yaml:"),
                    rows.get(0).toString());
            assertTrue(((PlanHistory.Unloadable) rows.get(1).outcome()).error().contains("no such file"), rows.get(1).toString());
        }
    }
}
