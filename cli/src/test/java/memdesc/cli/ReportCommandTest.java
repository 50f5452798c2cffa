package memdesc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code memdesc report} through the real command line, on real roadmap files. */
class ReportCommandTest {
    static final String REAL = Path.of("..", "roadmap.yaml").toString();
    static final String GOOD = RoadmapCommandsTest.good();

    record Run(int code, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Width.with(1000, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));   // what is said, at any width
        return new Run(code, out.toString(), err.toString());
    }

    @Test void textReportOfTheRealRoadmapFitsAnEmail() {
        Run v = run("validate", REAL);
        org.junit.jupiter.api.Assumptions.assumeTrue(v.code() == 0,
                "the real roadmap.yaml does not load with this loader, so it cannot be reported: " + v.err().strip());
        Run r = run("report", "--machine", "64MiB", REAL);
        assertEquals(0, r.code(), r.err());
        for (String id : new String[] {"lru-uses", "slab-split", "shrink-32", "shrink-16", "memdesc-8", "buddy-zone-relative"}) {
            assertTrue(r.out().contains(id), id + " missing:\n" + r.out());
        }
        r.out().lines().forEach(l -> assertTrue(l.codePointCount(0, l.length()) <= 72, "too wide: '" + l + "'"));
        assertTrue(r.out().contains("not computed"), "sections without data say so");
    }

    @Test void writesEachFormatToAFile(@TempDir Path dir) throws IOException {
        for (String f : new String[] {"text", "md", "html", "json"}) {
            Path out = dir.resolve("report." + f);
            Run r = run("report", "--machine", "64MiB", GOOD, "--format", f, "--out", out.toString());
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().startsWith("memdesc: wrote " + out), r.out());
            String body = Files.readString(out);
            assertTrue(body.contains("btrfs-back"), f);
        }
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<svg"), "the dependency graph is drawn");
        assertTrue(Files.readString(dir.resolve("report.md")).contains("| # | Step |"));
    }

    /**
     * Several roadmaps: the plans side by side in front, then each plan's own report, in every format. The
     * second plan is a real variant file of the first without one step, so the comparison has a difference
     * to show.
     */
    @Test void severalRoadmapsSideBySideInEveryFormat(@TempDir Path dir) throws IOException {
        Path variant = dir.resolve("no-btrfs.yaml");
        Files.writeString(variant, "extends: " + GOOD + "\nname: Test Path without btrfs-back\nremove_steps: [btrfs-back]\n");
        Run t = run("report", "--machine", "64MiB", "--no-deps", GOOD, variant.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().startsWith("Plans compared: 2\n"), t.out());
        assertTrue(t.out().lines().anyMatch(l -> l.matches("steps +4 +3")), t.out());
        assertTrue(t.out().lines().anyMatch(l -> l.matches("steps unlike good\\.yaml +- +-btrfs-back")), t.out());
        assertTrue(t.out().contains("Plan 1 of 2: " + GOOD) && t.out().contains("Plan 2 of 2: " + variant), t.out());
        assertTrue(t.out().contains("Test Path without btrfs-back: progress report"), t.out());

        Path html = dir.resolve("plans.html");
        Run h = run("report", "--machine", "64MiB", "--no-deps", GOOD, variant.toString(), "--format", "html", "--out", html.toString());
        assertEquals(0, h.code(), h.err());
        String page = Files.readString(html);
        assertEquals(1, count(page, "<html"), "one page");
        assertEquals(2, count(page, "class=\"plan\""), "one line per plan on the one chart");
        assertEquals(2, count(page, "<section id=\"plan-"));
        // every anchor once, and every link and marker reference lands on one
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("id=\"([^\"]+)\"").matcher(page);
        while (m.find()) ids.add(m.group(1));
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "an id appears twice: " + ids);
        java.util.regex.Matcher ref = java.util.regex.Pattern.compile("(?:href=\"#|url\\(#)([^\")]+)").matcher(page);
        while (ref.find()) assertTrue(ids.contains(ref.group(1)), "dangling #" + ref.group(1));
        assertTrue(ids.contains("p1-cost") && ids.contains("p2-cost"), ids.toString());

        Run md = run("report", "--machine", "64MiB", "--no-deps", GOOD, variant.toString(), "--format", "md");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().startsWith("## Plans compared\n"), md.out());
        assertTrue(md.out().contains("| steps | 4 | 3 |"), md.out());

        Run js = run("report", "--machine", "64MiB", "--no-deps", GOOD, variant.toString(), "--format", "json");
        assertEquals(0, js.code(), js.err());
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(js.out());
        assertEquals(2, json.get("plans").size());
        assertEquals(3, json.get("comparison").get("plans").get(1).get("steps").asInt());
        assertEquals("Test Path without btrfs-back", json.get("plans").get(1).get("name").asText());
        assertEquals(json.get("comparison").get("plans").get(1).get("states").asInt(),
                json.get("plans").get(1).get("verdicts").size(), "the comparison's verdicts are the report's checks");

        Run both = run("report", "--roadmap", GOOD, GOOD, variant.toString());
        assertEquals(2, both.code(), "several roadmaps are arguments, not --roadmap");
        assertTrue(both.err().contains("--roadmap names one"), both.err());
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }

    @Test void progressFileChangesStatuses(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("progress.json");
        Files.writeString(p, """
                {"repo": "/src/linux", "refs": ["v6.11", "v6.12"],
                 "probes": [{"name": "page->lru", "regex": "page->lru\\\\b"}],
                 "counts": {"v6.11": {"page->lru": 12}, "v6.12": {"page->lru": 3}}, "missing": []}
                """);
        Run r = run("report", "--machine", "64MiB", GOOD, "--format", "json", "--progress", p.toString());
        assertEquals(0, r.code(), r.err());
        // the roadmap says lru-uses is done; the tree still has 3 uses, so it is measured in progress
        assertTrue(r.out().matches("(?s).*\"id\" : \"lru-uses\".*?\"status\" : \"in-progress\",\\s*\"statusSource\" : \"probes\".*"),
                r.out());
    }

    /**
     * The whole chain on a real git tree: {@code memdesc progress --format json} counts page->lru at two
     * tags, and {@code memdesc report --progress} turns the counts into measured statuses.
     */
    @Test void progressOfARealGitTreeFeedsTheReport(@TempDir Path dir) throws Exception {
        Path repo = dir.resolve("linux");
        try (org.eclipse.jgit.api.Git git = org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile())
                .setInitialBranch("main").call()) {
            Files.createDirectories(repo.resolve("mm"));
            Files.writeString(repo.resolve("mm/swap.c"), "list_del(&page->lru);\nlist_add(&page->lru, l);\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("v1").setSign(false).call();
            git.tag().setName("v1").call();
            Files.writeString(repo.resolve("mm/swap.c"), "list_del(&folio->lru);\nlist_add(&page->lru, l);\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("convert one").setSign(false).call();
            git.tag().setName("v2").call();
        }
        Run counted = run("progress", "--repo", repo.toString(), "--refs", "v1,v2", "--probe", "page->lru=page->lru\\b",
                "--format", "json");
        assertEquals(0, counted.code(), counted.err());
        Path json = dir.resolve("progress.json");
        Files.writeString(json, counted.out());

        Run r = run("report", "--machine", "64MiB", GOOD, "--format", "md", "--progress", json.toString());
        assertEquals(0, r.code(), r.err());
        // 2 uses at v1, 1 at v2: lru-uses (done in the roadmap) is measured as in progress
        String row = r.out().lines().filter(l -> l.contains("`lru-uses`") && l.contains("Remove")).findFirst().orElseThrow();
        assertTrue(row.contains("| in progress* |"), row);
        assertTrue(r.out().contains("| page->lru | `page->lru\\b` | 2 | 1 |"), r.out());
    }

    @Test void badInputExits2WithOneLine(@TempDir Path dir) throws IOException {
        Path p = dir.resolve("bad.json");
        Files.writeString(p, "{\"repo\": \"x\",\n  \"refs\": [\"v1\",]}\n");
        Run r = run("report", "--machine", "64MiB", GOOD, "--progress", p.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(p + ":2:"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());

        Run f = run("report", "--machine", "64MiB", GOOD, "--format", "pdf");
        assertEquals(2, f.code());
        assertTrue(f.err().contains("unknown report format 'pdf'"), f.err());

        Run o = run("report", "--machine", "64MiB", GOOD, "--out", dir.resolve("no/such/dir/r.txt").toString());
        assertEquals(2, o.code());
        assertEquals(1, o.err().lines().count(), o.err());
    }
}
