package memdesc.position;

import memdesc.steps.Roadmap;
import memdesc.steps.RoadmapLoader;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** position on a three-release repository made with JGit from headers and C files of our own. */
class PositionTest {
    @TempDir Path dir;

    private static void write(Path root, String path, String text) throws Exception {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private static void commit(Git git, String tag, int day) throws Exception {
        git.add().addFilepattern(".").call();
        git.add().addFilepattern(".").setUpdate(true).call();
        PersonIdent who = new PersonIdent("Ada Example", "ada@example.org", Instant.parse("2024-03-0" + day + "T10:00:00Z"), ZoneOffset.UTC);
        git.commit().setMessage(tag).setAuthor(who).setCommitter(who).setSign(false).call();
        git.tag().setName(tag).call();
    }

    private static final String HEAD = "struct list_head { struct list_head *next, *prev; };\n";

    @Test void statusesFollowTheCountsAndTheStructs() throws Exception {
        Path repo = dir.resolve("linux");
        Roadmap r = fixture(repo);
        Position.Result p = Position.evaluate(repo, "linux", List.of("r1", "r2", "r3"), r, null, 1);
        assertEquals(Position.Status.NOT_STARTED, p.cells().get("r1").get("bh-b-page").status());
        Position.Cell mid = p.cells().get("r2").get("bh-b-page");
        assertEquals(Position.Status.IN_PROGRESS, mid.status());
        assertEquals(1, mid.uses());
        assertEquals("in progress (1 use left)", mid.text());
        assertEquals(List.of(false, true, false), mid.evidence().stream().map(Position.Check::holds).toList());
        assertEquals(Position.Status.DONE, p.cells().get("r3").get("bh-b-page").status());
        String text = Position.text(p);
        assertTrue(text.contains("bh-b-page  in progress (1 use left)"), text);
        assertTrue(Position.json(p).contains("\"status\" : \"done\""), Position.json(p));
    }

    /** {@code report --kernel}: the position section in every format, and the timeline chart in HTML. */
    @Test void theReportShowsWhereEachReleaseStands() throws Exception {
        Path repo = dir.resolve("linux");
        Roadmap r = fixture(repo);
        Position.Result p = Position.evaluate(repo, "linux", List.of("r1", "r2", "r3"), r, null, 1);
        memdesc.report.ReportModel m = memdesc.report.Report.build(r, null, null, null, null).withPosition(p);
        String text = memdesc.report.Report.render(m, memdesc.report.Format.TEXT);
        assertTrue(text.contains("Where each release stands on the Path (linux)"), text);
        assertTrue(text.matches("(?s).*\\nstep +r1 +r2 +r3\\nbh-b-page +not started \\(1\\) +1 left +done\\n.*"), text);
        String md = memdesc.report.Report.render(m, memdesc.report.Format.MD);
        assertTrue(md.contains("| `bh-b-page` | not started (1 use) | in progress (1 use left) | done |"), md);
        String html = memdesc.report.Report.render(m, memdesc.report.Format.HTML);
        int at = html.indexOf("<section id=\"position\">");
        assertTrue(at > 0, html);
        String sec = html.substring(at, html.indexOf("</section>", at));
        assertTrue(sec.contains("<svg") && sec.contains("aria-label=\"Status of each step per release in linux\""), sec);
        assertTrue(sec.contains("<title>bh-b-page at r2: in progress (1 use left)</title>"), sec);
        assertTrue(sec.contains("<td class=\"done\">done</td>"), sec);
        String json = memdesc.report.Report.render(m, memdesc.report.Format.JSON);
        assertTrue(json.contains("\"steps\" : [ \"bh-b-page\" ]") && json.contains("\"IN_PROGRESS\""), json);
        // without --kernel the section is not computed, and the text report has none
        memdesc.report.ReportModel none = memdesc.report.Report.build(r, null, null, null, null);
        assertTrue(!memdesc.report.Report.render(none, memdesc.report.Format.TEXT).contains("Where each release"));
        assertTrue(memdesc.report.Report.render(none, memdesc.report.Format.HTML).contains("Release positions: not computed"));
    }

    private Roadmap fixture(Path repo) throws Exception {
        Files.createDirectories(repo);
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
            write(repo, "include/linux/buffer_head.h", HEAD + "struct buffer_head { unsigned long b_state; struct page *b_page; };\n");
            write(repo, "fs/buffer.c", "void a(struct buffer_head *bh) { use(bh->b_page); use(bh->b_page); }\n");
            commit(git, "r1", 1);
            write(repo, "include/linux/buffer_head.h", HEAD + "struct buffer_head { unsigned long b_state; union { struct page *b_page; struct folio *b_folio; }; };\n");
            write(repo, "fs/buffer.c", "void a(struct buffer_head *bh) { use(bh->b_folio); use(bh->b_page); }\n");
            commit(git, "r2", 2);
            write(repo, "include/linux/buffer_head.h", HEAD + "struct buffer_head { unsigned long b_state; struct folio *b_folio; };\n");
            write(repo, "fs/buffer.c", "void a(struct buffer_head *bh) { use(bh->b_folio); }\n");
            commit(git, "r3", 3);
        }
        Path yaml = dir.resolve("roadmap.yaml");
        Files.writeString(yaml, """
                name: test
                phases:
                  - {id: p, title: P}
                baseline:
                  title: t
                  source: {seed: s.txt, section: x}
                  structs:
                    page: "struct page { unsigned long flags; };"
                    buffer_head: "struct buffer_head { unsigned long b_state; struct page *b_page; struct folio *b_folio; };"
                  users:
                    bh: {file: fs/buffer.c, title: bh, accesses: [buffer_head.b_page]}
                steps:
                  - id: bh-b-page
                    title: Remove bh->b_page
                    phase: p
                    source: {seed: s.txt, section: x}
                    changes:
                      - convert: {users: [bh], from: buffer_head.b_page, to: buffer_head.b_folio}
                    probes:
                      bh->b_page: 'bh->b_page\\b'
                    evidence:
                      - absent: buffer_head.b_page
                      - present: buffer_head.b_folio
                      - zero: bh->b_page
                """);
        return RoadmapLoader.load(yaml, "roadmap.yaml");
    }
}
