package memdesc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * memdesc mutate through the command line: the repository's roadmap with one small operator on a small
 * machine (the verdict cache in a temporary directory), listing, and bad input.
 */
class MutateCommandTest {
    @TempDir static Path tmp;
    static Path repo = Path.of("..", "roadmap.yaml");

    record Run(int code, String out, String err) {}

    @BeforeAll static void setUp() {
        System.setProperty("memdesc.cache", tmp.resolve("cache").toString());
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test void narrowPfnOnTheRepositoryRoadmapPrintsTheScoreAndTheSurvivorsAsDiffs() throws IOException {
        Run r = run("mutate", repo.toString(), "--operator", "narrow-pfn", "--machine", "64MiB", "--format", "json");
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(doc.get("killed").asInt() == doc.get("scored").asInt() ? 0 : 1, r.code(), r.err());
        assertTrue(doc.get("mutants").asInt() >= 1);
        assertTrue(doc.get("generated").asInt() > 250);
        for (JsonNode m : doc.get("results")) {
            assertEquals("narrow-pfn", m.get("operator").asText());
            if (!m.get("fate").asText().equals("killed"))
                assertTrue(m.get("diff").asText().startsWith("--- a/" + repo + "\n+++ b/" + repo + " (mutant "), m.toString());
        }
        // the text form: one row per operator run, each survivor with its verdict, the score and the time
        Run t = run("mutate", repo.toString(), "--operator", "narrow-pfn", "--machine", "64MiB", "--max", "1");

        assertTrue(t.out().startsWith(repo + ": 1 mutant (sampled from "), t.out());
        assertTrue(t.out().contains("\nnarrow-pfn "), t.out());
        assertTrue(t.out().contains("\nmutation score: "), t.out());
        assertTrue(t.out().matches("(?s).*\nelapsed [0-9.]+ m?s, CPU [0-9.]+ m?s\n"), t.out());
        // a run with no --operator filter keeps its score for reports; a filtered one does not
        assertTrue(memdesc.mutate.Mutate.remembered(memdesc.verify.VerdictCache.standard(), Files.readString(repo)).isEmpty());
    }

    @Test void theReportShowsTheScoreOfTheLastRunOnTheSameText() throws IOException {
        Path copy = tmp.resolve("report-roadmap.yaml");
        Files.writeString(copy, Files.readString(repo) + "# a comment, so that this text is its own\n");
        Run before = run("report", copy.toString(), "--machine", "64MiB", "--no-deps");
        assertEquals(0, before.code(), before.err());
        assertTrue(before.out().contains("Mutation score: not computed (memdesc mutate measures it)."), before.out());
        Run m = run("mutate", copy.toString(), "--machine", "64MiB", "--max", "1", "--format", "json");
        JsonNode doc = new ObjectMapper().readTree(m.out());
        Run after = run("report", copy.toString(), "--machine", "64MiB", "--no-deps", "--format", "md");
        assertEquals(0, after.code(), after.err());
        String score = String.format(java.util.Locale.ROOT, "Mutation score: %.1f%% (%d of %d valid non-equivalent mutants killed at the step they break;",
                doc.get("score").asDouble(), doc.get("killed").asInt(), doc.get("scored").asInt());
        assertTrue(after.out().contains(score) && after.out().contains("1 mutant, seed 1, 64 MiB machine)."), score + "\n" + after.out());
    }

    @Test void listShowsWhereEachMutantMustFail() {
        Run r = Width.with(1000, () -> run("mutate", repo.toString(), "--list", "--operator", "move-before-need")); // a line per mutant
        assertEquals(0, r.code(), r.err());
        java.util.List<String> lines = r.out().lines().toList();
        for (String l : lines.subList(0, lines.size() - 1))
            assertTrue(l.matches("#\\d+ move-before-need ([a-z0-9-]+): move \\1 before [a-z0-9-]+ \\(which it requires\\) \\(must fail at \\1\\)"), l);
        assertEquals((lines.size() - 1) + " mutants", lines.get(lines.size() - 1));
    }

    @Test void badInputIsExitTwoAndAFailingRoadmapIsExitOne() throws IOException {
        Run op = run("mutate", repo.toString(), "--operator", "drop-everything", "--list");
        assertEquals(2, op.code());
        assertTrue(op.err().startsWith("memdesc mutate: unknown operator 'drop-everything' (operators: drop-change, "), op.err());
        Run max = run("mutate", repo.toString(), "--max", "-1");
        assertEquals(2, max.code());
        Run none = run("mutate", tmp.resolve("nope.yaml").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("no such file"), none.err());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(repo).replace("sizes: {page: 16}", "sizes: {page: 24}"));
        Run fails = run("mutate", bad.toString(), "--machine", "64MiB", "--operator", "narrow-pfn");
        assertEquals(1, fails.code());
        assertTrue(fails.err().contains("itself fails check at step ") && fails.err().contains("shrink-16"), fails.err());
    }
}
