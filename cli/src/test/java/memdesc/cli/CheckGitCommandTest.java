package memdesc.cli;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code memdesc check --git REPO --range A..B}: the plan's own history, one line per version. */
class CheckGitCommandTest {
    @TempDir Path repo;

    private RevCommit commit(Git git, String roadmap, String subject) throws Exception {
        Files.writeString(repo.resolve("roadmap.yaml"), roadmap, StandardCharsets.UTF_8);
        git.add().addFilepattern("roadmap.yaml").call();
        PersonIdent who = new PersonIdent("t", "t@localhost");
        return git.commit().setMessage(subject).setAuthor(who).setCommitter(who).call();
    }

    @Test
    void everyVersionOfTheRoadmapInTheRangeGetsOneLine() throws Exception {
        String good = Files.readString(Path.of("..", "roadmap.yaml"), StandardCharsets.UTF_8);
        String bad = good.replace("      sizes: {page: 16}\n", "      sizes: {page: 12}\n");
        RevCommit first;
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            first = commit(git, good, "roadmap: the Path");
            commit(git, bad, "roadmap: a 12-byte page");
            commit(git, good, "roadmap: back to 16 bytes");
        }
        StringWriter out = new StringWriter(), err = new StringWriter();
        // in a terminal wide enough for a version's line (in 80 columns its verdict wraps under it)
        int status = Width.with(200, () -> Main.run(new String[] {"check", "--git", repo.toString(), "--range", first.name() + "..HEAD",
                "--machine", "64MiB"}, new PrintWriter(out, true), new PrintWriter(err, true)));
        List<String> lines = out.toString().lines().toList();
        assertEquals(1, status, out + "\n" + err);
        assertEquals(3, lines.size(), out.toString());
        assertTrue(lines.get(0).contains("roadmap: a 12-byte page  first bad: shrink-16 (state 18): "
                + "does not build: expected sizeof(struct page) == 12, but it is 16"), lines.get(0));
        assertTrue(lines.get(1).contains("roadmap: back to 16 bytes  bisectable (23 states)"), lines.get(1));
        assertEquals("2 versions of the roadmap: 1 bisectable, 1 not", lines.get(2));
        StringWriter e2 = new StringWriter();
        assertEquals(2, Main.run(new String[] {"check", "--range", "HEAD"}, new PrintWriter(new StringWriter()), new PrintWriter(e2, true)));
        assertEquals("memdesc check: --range and --path go with --git REPO", e2.toString().strip());
    }
}
