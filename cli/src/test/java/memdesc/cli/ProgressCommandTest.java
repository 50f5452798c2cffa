package memdesc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code memdesc progress} end to end through {@link Main#run}, on a repository built with JGit, against git. */
class ProgressCommandTest {
    @TempDir static Path tmp;
    static Path repo;

    record Run(int exit, String out, String err) { }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(exit, out.toString(), err.toString());
    }

    @BeforeAll static void build() throws Exception {
        repo = tmp.resolve("linux");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            write("mm/filemap.c", "m = page->mapping;\ni = page->index;\nfolio_lock(folio);\n");
            write("mm/x.txt", "page->mapping\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setSign(false).call();
            git.tag().setName("v1").call();
            write("mm/filemap.c", "m = folio->mapping;\ni = page->index;\nfolio_lock(folio);\nfolio_unlock(folio);\n");
            write("include/linux/mm.h", "#define page_mapping(p) ((p)->mapping) /* page->mapping */\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("two\n\nbody").setSign(false).call();
            git.tag().setName("v2").call();
        }
    }

    static void write(String path, String text) throws Exception {
        Path p = repo.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    /** git grep -c -E summed over *.c and *.h. */
    static long git(String regex, String ref) throws Exception {
        Process p = new ProcessBuilder("git", "grep", "-c", "-E", "-e", regex, ref, "--", "*.c", "*.h")
                .directory(repo.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = p.waitFor();
        assertTrue(exit == 0 || exit == 1, out);
        long sum = 0;
        for (String line : out.split("\n")) if (!line.isEmpty()) sum += Long.parseLong(line.substring(line.lastIndexOf(':') + 1));
        return sum;
    }

    @Test void tsvHasARefColumnThenOneColumnPerProbe() throws Exception {
        Run r = run("progress", "--repo", repo.toString(), "--refs", "v1,v2", "--probe", "page->mapping=page->mapping",
                "--probe", "folio calls=folio_[a-z]+\\(", "--format", "tsv");
        assertEquals(0, r.exit(), r.err());
        List<String> expected = new ArrayList<>();
        expected.add("ref\tpage->mapping\tfolio calls");
        for (String ref : List.of("v1", "v2")) expected.add(ref + "\t" + git("page->mapping", ref) + "\t" + git("folio_[a-z]+\\(", ref));
        assertEquals(String.join("\n", expected) + "\n", r.out());
    }

    @Test void jsonCarriesEverything() throws Exception {
        Run r = run("progress", "--repo", repo.toString(), "--refs", "v1,v2", "--probe", "m=page->mapping", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(repo.toString(), doc.get("repo").asText());
        assertEquals("v1", doc.get("refs").get(0).asText());
        assertEquals("page->mapping", doc.get("probes").get(0).get("regex").asText());
        assertEquals(git("page->mapping", "v2"), doc.get("counts").get("v2").get("m").asLong());
        assertEquals(0, doc.get("missing").size());
    }

    @Test void textIsAnAlignedTable() {
        Run r = run("progress", "--repo", repo.toString(), "--refs", "v1,v2", "--probe", "mapping=page->mapping",
                "--probe", "folio_=folio_", "--fixed");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(List.of("probe    v1  v2  change", "mapping   1   1       0", "folio_    1   2      +1"), List.of(lines));
    }

    @Test void attributeTsv() throws Exception {
        Run r = run("progress", "--repo", repo.toString(), "--attribute", "v1..v2", "--probe", "folio=folio_[a-z]+\\(", "--format", "tsv");
        assertEquals(0, r.exit(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals("commit\tauthor\tdate\tsubject\tfolio", lines[0]);
        assertEquals(2, lines.length);
        assertTrue(lines[1].endsWith("\ttwo\t" + (git("folio_[a-z]+\\(", "v2") - git("folio_[a-z]+\\(", "v1"))), lines[1]);
    }

    @Test void badInputIsOneLineAndExitTwo() throws Exception {
        Run unknown = run("progress", "--repo", repo.toString(), "--refs", "v1,nope", "--probe", "m=page");
        assertEquals(new Run(2, "", repo + ": error: unknown ref 'nope'\n"), unknown);

        Path plain = Files.createDirectories(tmp.resolve("plain"));
        assertEquals(new Run(2, "", plain + ": error: not a git repository\n"),
                run("progress", "--repo", plain.toString(), "--refs", "HEAD", "--probe", "m=page"));

        assertEquals(new Run(2, "", "probe 'bad': error: back-reference \\1 is not supported at column 4 of the regular expression\n"),
                run("progress", "--repo", repo.toString(), "--refs", "v1", "--probe", "bad=(a)\\1"));
        assertEquals(new Run(2, "", "probe 'a\\tb': error: a probe name cannot contain a tab\n"),
                run("progress", "--repo", repo.toString(), "--refs", "v1", "--probe", "a\tb=x"));
        assertEquals(new Run(2, "", "progress: error: the roadmap has no probes; give --probe NAME=REGEX\n"),
                run("progress", "--repo", repo.toString(), "--refs", "v1", "--roadmap", noProbes().toString()));
        assertEquals(2, run("progress", "--repo", repo.toString(), "--refs", "v1", "--probe", "x=y", "--format", "xml").exit());
        assertEquals(2, run("progress", "--repo", repo.toString(), "--attribute", "v1", "--probe", "x=y").exit());
    }

    @Test void breakdownsListAndTallies() throws Exception {
        String cache = tmp.resolve("cache").toString();
        Run byFile = run("progress", "--repo", repo.toString(), "--refs", "v*", "--probe", "m=page->mapping", "--by", "file",
                "--by", "dir", "--depth", "1", "--cache", cache);
        assertEquals(0, byFile.exit(), byFile.err());
        assertEquals("""
                m by file at v2:
                file                v1  v2  change
                include/linux/mm.h   0   1      +1
                mm/filemap.c         1   0      -1

                m by directory at v2:
                directory  v1  v2  change
                include/    0   1      +1
                mm/         1   0      -1
                """, byFile.out());
        Run tsv = run("progress", "--repo", repo.toString(), "--refs", "v2", "--probe", "m=page->mapping", "--by", "dir",
                "--format", "tsv", "--code-only", "--no-cache");
        assertEquals("ref\tprobe\tdir\tcount\n", tsv.out(), "the one match at v2 is in a comment");
        Run json = run("progress", "--repo", repo.toString(), "--refs", "v1,v2", "--probe", "m=page->mapping", "--by", "subsystem",
                "--format", "json", "--no-cache");
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("subsystem", doc.get("breakdowns").get(0).get("by").asText());
        assertEquals("(no section)", doc.get("breakdowns").get(0).get("rows").get(0).get("key").asText());
        assertEquals(0, doc.get("codeCounts").get("v2").get("m").asLong());

        Run list = run("progress", "--repo", repo.toString(), "--refs", "v1,v2", "--probe", "m=page->mapping", "--list", "--no-cache");
        assertEquals("v1:mm/filemap.c:1:m = page->mapping;\nv2:include/linux/mm.h:1:#define page_mapping(p) ((p)->mapping) /* page->mapping */\n",
                list.out());

        Run tally = run("progress", "--repo", repo.toString(), "--attribute", "v1..v2", "--probe", "m=page->mapping", "--by", "author",
                "--no-cache");
        assertEquals(0, tally.exit(), tally.err());
        assertTrue(tally.out().startsWith("m in v1..v2: 0 removed, 0 added, in 0 commits by 0 authors\n"), tally.out());
        assertEquals(2, run("progress", "--repo", repo.toString(), "--attribute", "v1..v2", "--probe", "m=x", "--by", "file").exit());
        assertEquals(2, run("progress", "--repo", repo.toString(), "--refs", "v1", "--probe", "m=x", "--by", "author").exit());
    }

    /** A roadmap without probes: the repository's, with every probes: section dropped. */
    private Path noProbes() throws IOException {
        String text = Files.readString(Path.of("..", "roadmap.yaml"));
        String stripped = text.replaceAll("(?m)^    probes:\\n(      .*\\n)+", "");
        Path f = tmp.resolve("no-probes.yaml");
        Files.writeString(f, stripped);
        return f;
    }
}
