package memdesc.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command on the shipped roadmap: in 80 columns (as with COLUMNS=80) no line is wider, and with
 * --format json what comes out is one JSON document. The states are verified on a 64 MiB machine into
 * a cache of this class's own, so each command after the first reads the verdicts back.
 */
class EveryCommandTest {
    @TempDir static Path tmp;
    static Path repo;
    static String cacheBefore;
    static final String ROADMAP = Path.of("..", "roadmap.yaml").toString();

    record Run(int code, String out, String err) {}

    static Run run(int columns, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Width.with(columns, () -> Main.run(args, new PrintWriter(out), new PrintWriter(err)));
        return new Run(code, out.toString(), err.toString());
    }

    @BeforeAll static void setUp() throws Exception {
        cacheBefore = System.getProperty("memdesc.cache");
        System.setProperty("memdesc.cache", tmp.resolve("cache").toString());
        repo = tmp.resolve("linux");
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            Files.createDirectories(repo.resolve("mm"));
            Files.writeString(repo.resolve("mm/filemap.c"), "m = page->mapping;\ni = page->index;\n");
            git.add().addFilepattern(".").call();
            git.commit().setMessage("one").setSign(false).call();
            git.tag().setName("v1").call();
        }
    }

    @AfterAll static void tearDown() {
        if (cacheBefore == null) System.clearProperty("memdesc.cache");
        else System.setProperty("memdesc.cache", cacheBefore);
    }

    /** Every command, with the arguments that make it do its work on the shipped roadmap, fast. */
    static List<String[]> commands(String exportDir) {
        String m = "--machine=64MiB";
        return List.of(
                new String[] {"validate", "--roadmap", ROADMAP},
                new String[] {"steps", "--roadmap", ROADMAP},
                new String[] {"show", "shrink-32", "--roadmap", ROADMAP},
                new String[] {"layout", "--roadmap", ROADMAP},
                new String[] {"build", "--roadmap", ROADMAP},
                new String[] {"run", "shrink-32", "--roadmap", ROADMAP, m},
                new String[] {"check", "--roadmap", ROADMAP, m},
                new String[] {"bisect", "--roadmap", ROADMAP, m, "--no-repairs"},
                new String[] {"independence", "--roadmap", ROADMAP, m, "--phase", "slab"},
                new String[] {"deps", "buddy-zone-relative", "--roadmap", ROADMAP, m},
                new String[] {"diff", ROADMAP, ROADMAP, m},
                new String[] {"cost", "--roadmap", ROADMAP},
                new String[] {"progress", "--roadmap", ROADMAP, "--repo", repo.toString(), "--refs", "v1"},
                new String[] {"report", "--roadmap", ROADMAP, m, "--no-deps"},
                new String[] {"export", "--roadmap", ROADMAP, "--to", exportDir, m},
                new String[] {"walk", "--roadmap", ROADMAP, "--no-pager"},
                new String[] {"compare", ROADMAP, "--check-machine=64MiB"},
                new String[] {"position", "--roadmap", ROADMAP, "--kernel", repo.toString(), "--refs", "v1"},
                // two mutants, each verified up to the step it must fail at (the roadmap's own verdicts are cached)
                new String[] {"mutate", "--roadmap", ROADMAP, m, "--max=2"});
    }

    /**
     * A line with two or more runs of 2+ spaces between words is a table row (or aligned fields): wrapped,
     * its columns no longer line up, so a command must lay it out for the width itself (shorter headers,
     * cut cells) rather than leave it to the line wrapper, which is for prose.
     */
    static boolean tableRow(String line) {
        return java.util.regex.Pattern.compile("\\S {2,}(?=\\S)").matcher(line.strip()).results().count() >= 2;
    }

    @Test void everyCommandFitsEightyColumns() {
        List<String> wide = new ArrayList<>();
        List<String> wrappedRows = new ArrayList<>();
        int i = 0;
        List<String[]> all = new ArrayList<>(commands(tmp.resolve("text-export").toString()));
        all.add(new String[] {"--help"});
        for (String[] c : commands("x")) all.add(new String[] {c[0], "--help"});
        for (String[] args : all) {
            FitWriter.WRAPPED.set(l -> {
                if (tableRow(l)) wrappedRows.add(String.join(" ", args) + ": " + l);
            });
            Run r;
            try {
                r = run(80, args);
            } finally {
                FitWriter.WRAPPED.remove();
            }
            assertTrue(r.code() == 0 || r.code() == 1, String.join(" ", args) + ": exit " + r.code() + "\n" + r.out() + r.err());
            for (String stream : List.of(r.out(), r.err()))
                for (String line : stream.split("\n"))
                    if (line.codePointCount(0, line.length()) > 80) wide.add(String.join(" ", args) + ": " + line);
            i++;
        }
        assertEquals(List.of(), wide, "lines over 80 columns");
        assertEquals(List.of(), wrappedRows, "table rows the line wrapper had to break");
        assertTrue(i > 30);
    }

    @Test void everyCommandsJsonParses() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String[] args : commands(tmp.resolve("json-export").toString())) {
            List<String> a = new ArrayList<>(List.of(args));
            a.add("--format");
            a.add("json");
            Run r = run(80, a.toArray(String[]::new));
            String what = String.join(" ", a);
            assertTrue(r.code() == 0 || r.code() == 1, what + ": exit " + r.code() + "\n" + r.err());
            JsonNode doc = json.readTree(r.out());
            assertTrue(doc != null && (doc.isObject() || doc.isArray()) && !doc.isEmpty(), what + ": " + r.out());
            assertFalse(r.out().strip().isEmpty());
        }
    }

    /** The completion script and the man page come from the same picocli model as --help: every command is in both. */
    @Test void completionAndManPageNameEveryCommand() {
        Run bash = run(80, "completion", "bash");
        assertEquals(0, bash.code(), bash.err());
        Run zsh = run(80, "completion", "zsh");
        assertTrue(zsh.out().startsWith("#compdef memdesc\n"), zsh.out());
        String man = ManPage.render(new picocli.CommandLine(new Main()));
        for (String[] c : commands("x")) {
            assertTrue(bash.out().contains(" " + c[0] + " ") || bash.out().contains("'" + c[0]) || bash.out().contains(c[0] + " "),
                    "completion lacks " + c[0]);
            assertTrue(man.contains(".SS memdesc " + c[0].replace("-", "\\-") + "\n"), "man page lacks " + c[0]);
        }
        assertTrue(bash.out().contains("--roadmap"));
        assertTrue(man.contains("\\-\\-roadmap"));
    }
}
